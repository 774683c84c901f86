"""In-process CPU of the network page right after another member gives a referral.

    python -m bench.network_cpu [--runs 15] [--profile organizer|member]
    DATABASE_URL=postgresql://127.0.0.1:5432/<db> python -m bench.network_cpu

Builds the chapter of bench/bench_network.py (80 members, 10,000 referrals; the database
named by DATABASE_URL is EMPTIED), then, in rounds, interleaved: a bare signed-in route,
another member gives a referral, the organizer's network page; the bare route, the page
again (warm); another referral, the bare route (the floor right after a change); the same
for an ordinary member. Prints the median of ``time.process_time`` per request (CPU of this process:
what a worker spends, without the machine's load in it) and the ratio to the bare route.
``--profile`` prints cProfile's top functions of that page after a change. Not part of the
test run.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_network import build_data, reset_schema  # noqa: E402
from bench.pages import add_bare  # noqa: E402
from partner_net.config import normalise_database_url  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.models import Group, Member  # noqa: E402
from partner_net.referrals import service  # noqa: E402


def client_as(app, member_id: int):
    client = app.test_client()
    with app.app_context(), client.session_transaction() as session:
        session["_user_id"] = db.session.get(Member, member_id).get_id()
        session["_fresh"] = True
    return client


def cpu(client, url: str) -> float:
    started = time.process_time()
    response = client.get(url)
    took = (time.process_time() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", choices=["organizer", "member"])
    parser.add_argument("--changes", type=int, default=1,
                        help="referrals given before each page after a change (bench/pages.py "
                             "gives one before every page: ~24 between two network pages)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    url = normalise_database_url(url) if url else \
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-netcpu-')) / 'bench.sqlite'}"
    app = add_bare(reset_schema(url))
    slug, _ = build_data(app, False)
    with app.app_context():
        group = db.session.scalar(sa.select(Group).filter_by(slug=slug))
        ids = [m.member_id for m in group.memberships]
    organizer, member = ids[0], ids[5]
    rng = random.Random(11)

    def change() -> None:  # another member gives a referral in the group
        with app.app_context():
            giver, receiver = rng.sample(ids[1:30], 2)
            grp = db.session.scalar(sa.select(Group).filter_by(slug=slug))
            service.give(db.session.get(Member, giver), db.session.get(Member, receiver), grp,
                         service.Prospect(name="Bench Change", need="A need"))
            db.session.commit()

    viewers = {"organizer": client_as(app, organizer), "member": client_as(app, member)}
    page, bare = f"/g/{slug}/network", f"/bench/bare/{slug}"
    for client in viewers.values():  # warm code paths and caches
        for _ in range(2):
            cpu(client, bare)
            change()
            cpu(client, page)
    if args.profile:
        client = viewers[args.profile]
        profiler = cProfile.Profile()
        for _ in range(args.runs):
            change()
            profiler.enable()
            cpu(client, page)
            profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    times: dict[str, list[float]] = {}
    bares: list[float] = []
    for _ in range(args.runs):
        for name, client in viewers.items():
            bares.append(cpu(client, bare))
            for _ in range(args.changes):
                change()
            times.setdefault(f"{name}, after a change", []).append(cpu(client, page))
            bares.append(cpu(client, bare))
            times.setdefault(f"{name}, warm", []).append(cpu(client, page))
            change()  # the floor after a change: the same app's bare route
            times.setdefault(f"(bare route, {name}, after a change)", []).append(
                cpu(client, bare))
    floor = statistics.median(bares)
    print(f"{url.split(':')[0]} · load {os.getloadavg()[0]:.2f} · {args.runs} rounds · "
          f"{args.changes} change(s) before each page · CPU ms (median / max)")
    print(f"bare route: {floor:.1f} / {max(bares):.1f}")
    for name, values in times.items():
        print(f"{'' if name[0] == '(' else 'network page, '}{name}: "
              f"{statistics.median(values):.1f} / "
              f"{max(values):.1f} ({statistics.median(values) / floor:.1f}x)")


if __name__ == "__main__":
    main()
