"""Benchmark the network pages at chapter and organisation scale.

    python bench/bench_network.py                # chapter: 80 members, 10,000 referrals
    python bench/bench_network.py --org          # + 999 more groups: 30,000 members, 1M referrals
    DATABASE_URL=postgresql://127.0.0.1:5432/<db> python bench/bench_network.py [--org]

SQLite (a file in a temporary folder) by default. The database named by DATABASE_URL is
EMPTIED and rebuilt. Requests go through the Flask test client of the real app, signed
in as a member of the chapter, and are timed per request (median and 95th percentile):

- a bare route of the same app (the floor: routing, session, the member loaded);
- the network page and the suggestions page, cold (cache emptied before each request)
  and warm (served from the versioned cache);
- the naive approach: every referral of the group loaded as an object and added to a
  MultiDiGraph, rebuilt on each request, then the same figures and page.

Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path

import networkx as nx
import sqlalchemy as sa
from flask import Flask, g, render_template

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partner_net import create_app  # noqa: E402
from partner_net.access import group_member_required  # noqa: E402
from partner_net.config import normalise_database_url  # noqa: E402
from partner_net.domain.reciprocity import PairAggregate  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.models import Group, Member, Membership, Referral  # noqa: E402
from partner_net.network import aggregates  # noqa: E402
from partner_net.network import cache as network_cache  # noqa: E402
from partner_net.network.service import received_memo  # noqa: E402
from partner_net.network.svg import KINDS, MAX_EDGES  # noqa: E402
from partner_net.referrals import service  # noqa: E402
from partner_net.referrals.pipeline import NOT_COUNTED, Status  # noqa: E402
from tests.database import drop_everything  # noqa: E402

NOW = datetime.now(UTC)
FIRST = ["Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jude", "Kai", "Lena",
         "Milo", "Nia", "Omar", "Pia", "Quin", "Rosa", "Sami", "Tess", "Umar", "Vera", "Wes",
         "Xena", "Yuri", "Zoe"]
LAST = ["Archer", "Baker", "Cole", "Diaz", "Evans", "Fox", "Grant", "Hale", "Iqbal", "Jones",
        "Khan", "Lowe", "Moss", "Nash", "Owen", "Patel", "Quinn", "Reid", "Shaw", "Tate"]
STATUSES = ([Status.GIVEN] * 10 + [Status.CONTACTED] * 10 + [Status.MEETING] * 8
            + [Status.PROPOSAL] * 6 + [Status.WON] * 40 + [Status.LOST] * 12
            + [Status.NOT_A_FIT] * 7 + [Status.WITHDRAWN] * 3 + [Status.PASSED_ON] * 4)
# A scrypt hash of nothing useful: nobody signs in through the form here.
PASSWORD_HASH = "scrypt:32768:8:1$bench$" + "0" * 128


# --- building the data ---------------------------------------------------------------


def reset_schema(url: str) -> Flask:
    drop_everything(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": False,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "MAIL_SERVER": None, "SERVER_NAME": "bench.local",
                      "QUEUE_URL": "immediate"})
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    return app


def plan(org: bool) -> list[tuple[int, int]]:
    """(members, referrals) per group: the chapter first, then the rest of the org."""
    groups = [(80, 10_000)]
    if org:
        rest_groups, rest_members, rest_referrals = 999, 30_000 - 80, 1_000_000 - 10_000
        for i in range(rest_groups):
            members = rest_members // rest_groups + (1 if i < rest_members % rest_groups else 0)
            refs = rest_referrals // rest_groups + (1 if i < rest_referrals % rest_groups else 0)
            groups.append((members, refs))
    return groups


def referral_rows(rng: random.Random, group_id: int, member_ids: list[int],
                  count: int) -> Iterator[tuple]:
    # Skewed giving and receiving, as in a real chapter: a few give and get much more.
    weights = [1.0 / (1 + i) ** 0.6 for i in range(len(member_ids))]
    givers = member_ids[:]
    receivers = member_ids[:]
    rng.shuffle(givers)
    rng.shuffle(receivers)
    for _ in range(count):
        giver = rng.choices(givers, weights)[0]
        receiver = giver
        while receiver == giver:
            receiver = rng.choices(receivers, weights)[0]
        created = NOW - timedelta(days=730 * rng.random() ** 1.3, minutes=rng.randrange(1440))
        status = rng.choice(STATUSES)
        value = Decimal(rng.randrange(200, 20_000)) if status == Status.WON else None
        yield (group_id, giver, receiver, created, created, "Bench Prospect", "", "", "",
               "A need", 3, False, str(status), created, value, "", value and "GBP")


REFERRAL_COLUMNS = ("group_id", "giver_id", "receiver_id", "created_at", "updated_at",
                    "prospect_name", "prospect_company", "prospect_email", "prospect_phone",
                    "need", "temperature", "expects_call", "status", "status_changed_at",
                    "closed_value", "thank_you_note", "closed_currency")


def build_data(app: Flask, org: bool, seed: int = 7,
               layout: list[tuple[int, int]] | None = None) -> tuple[str, int]:
    """Insert the groups, members and referrals in bulk; return the chapter's slug and
    a member id to sign in as. ``layout`` ((members, referrals) per group, the chapter
    first) replaces :func:`plan`'s."""
    rng = random.Random(seed)
    layout = layout or plan(org)
    started = time.perf_counter()
    with app.app_context():
        engine = db.engine
        groups, members, memberships = [], [], []
        member_id = 0
        group_members: list[list[int]] = []
        for group_id, (n_members, _) in enumerate(layout, start=1):
            groups.append({
                "id": group_id, "name": f"Chapter {group_id}", "slug": f"chapter-{group_id}",
                "meeting_weekday": group_id % 5, "meeting_time": dtime(7, 0),
                "meeting_place": "", "timezone": "UTC", "currency": "GBP",
                "exclusive_categories": False, "referrals_version": 0, "created_at": NOW,
            })
            ids = []
            for i in range(n_members):
                member_id += 1
                name = f"{FIRST[member_id % len(FIRST)]} {LAST[(member_id // 26) % len(LAST)]}"
                members.append({
                    "id": member_id, "email": f"m{member_id}@bench.example",
                    "password_hash": PASSWORD_HASH, "name": f"{name} {member_id}",
                    "business": "", "category": f"Trade {i % 40}", "phone": "", "website": "",
                    "bio": "", "talkable_difference": "", "referral_criteria": "",
                    "active": True, "created_at": NOW,
                })
                memberships.append({
                    "id": member_id, "member_id": member_id, "group_id": group_id,
                    "role": "organizer" if i == 0 else "member", "active": True,
                    "joined_at": NOW, "deactivated_at": None,
                })
                ids.append(member_id)
            group_members.append(ids)
        with engine.begin() as conn:
            conn.execute(Group.__table__.insert(), groups)
            for start in range(0, len(members), 5000):
                conn.execute(Member.__table__.insert(), members[start:start + 5000])
                conn.execute(Membership.__table__.insert(), memberships[start:start + 5000])
        total = 0
        if engine.dialect.name == "postgresql":
            raw = engine.raw_connection()
            try:
                with raw.cursor() as cur, cur.copy(
                        f"COPY referrals ({', '.join(REFERRAL_COLUMNS)}) FROM STDIN") as copy:
                    for group_id, ((_, n_refs), ids) in enumerate(zip(layout, group_members,
                                                                      strict=True), start=1):
                        for row in referral_rows(rng, group_id, ids, n_refs):
                            copy.write_row(row)
                            total += 1
                with raw.cursor() as cur:
                    for table in ("groups", "members", "memberships"):
                        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                    f"(SELECT max(id) FROM {table}))")
                    cur.execute("ANALYZE")
                raw.commit()
            finally:
                raw.close()
        else:
            insert = Referral.__table__.insert()
            with engine.begin() as conn:
                batch: list[dict] = []
                for group_id, ((_, n_refs), ids) in enumerate(zip(layout, group_members,
                                                                  strict=True), start=1):
                    for row in referral_rows(rng, group_id, ids, n_refs):
                        batch.append(dict(zip(REFERRAL_COLUMNS, row, strict=True)))
                        if len(batch) == 20_000:
                            conn.execute(insert, batch)
                            total += len(batch)
                            batch = []
                if batch:
                    conn.execute(insert, batch)
                    total += len(batch)
                # No ANALYZE on SQLite: the app never runs it, and with statistics in
                # place SQLite stops using ix_referrals_passed_on_from_id (nearly all
                # NULL), which makes the dashboard's selectinload scan the table.
    print(f"built {len(layout)} group(s), {member_id} members, {total} referrals "
          f"in {time.perf_counter() - started:.1f} s")
    return "chapter-1", group_members[0][5]


# --- the naive approach and a bare route -------------------------------------------------


def add_bench_routes(app: Flask) -> None:
    @app.get("/bench/bare/<slug>")
    @group_member_required
    def bare():
        return "ok"

    @app.get("/bench/naive/<slug>")
    @group_member_required
    def naive():
        """One object per referral, one edge per referral, rebuilt on every request."""
        network = naive_network(g.group.id)
        return render_template(
            "network/group.html", group=g.group, network=network, figures=network.figures,
            period="12m", periods=aggregates.PERIODS, kinds=KINDS, max_edges=MAX_EDGES)


# --- timing ------------------------------------------------------------------------------


def timed(client, url: str, runs: int, before: Callable[[], None] | None = None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def run(app: Flask, slug: str, member_id: int, runs: int) -> list[tuple[str, list[float]]]:
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = db.session.get(Member, member_id).get_id()  # id and version
        session["_fresh"] = True
    def clear() -> None:  # every per-process cache the pages read
        network_cache.cache.clear()
        received_memo.clear()
    group = db.session.scalar(sa.select(Group).filter_by(slug=slug))
    ids = [m.member_id for m in group.memberships][:20]
    rng = random.Random(3)

    def change() -> None:  # another member gives a referral: the group's version moves on
        giver, receiver = rng.sample(ids, 2)
        service.give(db.session.get(Member, giver), db.session.get(Member, receiver), group,
                     service.Prospect(name="Bench Change", need="A need", company="",
                                      email="", phone="", temperature=3, expects_call=False))
        db.session.commit()

    base = f"/g/{slug}"
    rows = [
        ("bare route (same app, signed in)", f"/bench/bare/{slug}", None),
        ("network page, cold (SQL aggregates)", f"{base}/network", clear),
        ("network page, warm (cached)", f"{base}/network", None),
        ("my reciprocity, warm", f"{base}/network/me", None),
        ("suggestions page, cold", f"{base}/network/suggestions", clear),
        ("suggestions page, warm", f"{base}/network/suggestions", None),
        ("dashboard (top 3), warm", f"{base}/", None),
        ("network page, right after a change", f"{base}/network", change),
        ("my reciprocity, right after a change", f"{base}/network/me", change),
        ("suggestions page, right after a change", f"{base}/network/suggestions", change),
        ("dashboard, right after a change", f"{base}/", change),
        ("naive: MultiDiGraph per request", f"/bench/naive/{slug}", None),
    ]
    for _, url, before in rows:  # warm up the code paths and the database's caches
        timed(client, url, 1, before)
    return [(label, timed(client, url, runs, before)) for label, url, before in rows]


def graph_update(app: Flask, slug: str, runs: int) -> list[tuple[str, list[float]]]:
    """The network after one referral: patched by the delta, rebuilt from SQL aggregates,
    and the naive way (every referral an edge of a MultiDiGraph), in milliseconds."""
    group = db.session.scalar(sa.select(Group).filter_by(slug=slug))
    ids = [m.member_id for m in group.memberships][:20]
    rng = random.Random(5)
    worker = network_cache.NetworkCache()
    worker.get(group.id, "12m", NOW)
    patched, rebuilt, naive = [], [], []
    for _ in range(runs):
        giver, receiver = rng.sample(ids, 2)
        service.give(db.session.get(Member, giver), db.session.get(Member, receiver), group,
                     service.Prospect(name="Bench Change", need="A need", company="", email="",
                                      phone="", temperature=3, expects_call=False))
        db.session.commit()
        started = time.perf_counter()
        worker.get(group.id, "12m", NOW)
        patched.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        network_cache.NetworkCache().get(group.id, "12m", NOW)
        rebuilt.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        naive_network(group.id)
        naive.append((time.perf_counter() - started) * 1000)
    assert worker.patches == runs
    return [("graph after a change: patched by the delta", patched),
            ("graph after a change: rebuilt from SQL aggregates", rebuilt),
            ("graph after a change: naive MultiDiGraph", naive)]


def naive_network(group_id: int):
    """The group's 12-month network from a MultiDiGraph of every counted referral row: the
    naive baseline the cached figures are compared with."""
    graph = nx.MultiDiGraph()
    for referral in db.session.scalars(sa.select(Referral).where(Referral.group_id == group_id)):
        if referral.status in NOT_COUNTED:
            continue
        graph.add_edge(referral.giver_id, referral.receiver_id,
                       value=referral.closed_value if referral.status == Status.WON else 0,
                       at=referral.created_at)
    start = aggregates.period_start("12m", NOW)
    pairs: dict[tuple[int, int], list] = {}
    for giver, receiver, data in graph.edges(data=True):
        if data["at"] < start:
            continue
        row = pairs.setdefault((giver, receiver), [0, Decimal(0), None])
        row[0] += 1
        row[1] += Decimal(data["value"] or 0)
        row[2] = max(row[2], data["at"]) if row[2] else data["at"]
    flat = [PairAggregate(i, j, c, v, t) for (i, j), (c, v, t) in pairs.items()]
    return network_cache.build(group_id, "12m", start, 0, pairs=flat)


def report(title: str, results: list[tuple[str, list[float]]]) -> None:
    print(f"\n{title}")
    print(f"| {'request':<40} | {'median ms':>9} | {'p95 ms':>8} |")
    print(f"|{'-' * 42}|{'-' * 11}|{'-' * 10}|")
    for label, times in results:
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(f"| {label:<40} | {statistics.median(times):>9.1f} | {p95:>8.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", action="store_true",
                        help="also build 999 more groups (30,000 members, 1,000,000 referrals)")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per row")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if url:
        url = normalise_database_url(url)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-network-')) / 'bench.sqlite'}"
    app = reset_schema(url)
    slug, member_id = build_data(app, args.org)
    add_bench_routes(app)
    scale = "organisation (1,000 groups, 30,000 members, 1,000,000 referrals)" if args.org \
        else "chapter (80 members, 10,000 referrals)"
    with app.app_context():
        results = run(app, slug, member_id, args.runs)
        results += graph_update(app, slug, args.runs)
    report(f"{url.split(':')[0].split('+')[0]} · {scale} · "
           f"the chapter's pages, {args.runs} requests each", results)


if __name__ == "__main__":
    main()
