"""Every main page against a bare route of the same app, under gunicorn.

    python -m bench.pages                     # SQLite in a temporary folder, chapter scale
    python -m bench.pages --org               # + 999 groups: 30,000 members, 1M referrals
    DATABASE_URL=postgresql://127.0.0.1:5432/<db> python -m bench.pages [--org]

The database named by DATABASE_URL is EMPTIED and rebuilt (bench/bench_network.py's bulk
loader, plus a meeting, one-to-ones and contacts for the chapter). gunicorn serves the
app with 2 workers and one extra route, ``/bench/bare/<slug>`` (signed in, same
middleware, returns "ok"). Signed in as the chapter's organizer, each round requests
every page once, each right after the bare route (interleaved, so both see the same
machine), then again right after another member gives a referral in the group (made
from this process, as another worker would). Printed per page: median and p95 of the
server time in ms (gunicorn's own, from its access log: reading the request to the last
byte written), the ratio of the page's median to the bare route's median measured beside
it, the same two ratios in the client's wall time over loopback (a new connection per
request, transfer and reading included), and the SQL statements the page runs (counted
in-process with the Flask test client). Not part of the test run.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_network import NOW, build_data, reset_schema  # noqa: E402
from partner_net import create_app  # noqa: E402
from partner_net.access import group_member_required  # noqa: E402
from partner_net.config import normalise_database_url  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.meetings import live, schedule  # noqa: E402
from partner_net.models import Group, Member, Referral  # noqa: E402
from partner_net.onetoones import service as onetoones  # noqa: E402
from partner_net.referrals import service  # noqa: E402
from tests.gunicorn_server import request, running_gunicorn  # noqa: E402

PASSWORD = "bench pages password"
SECRET = "bench-pages-secret"


def add_bare(app):
    @app.get("/bench/bare/<slug>")
    @group_member_required
    def bare():
        return "ok"

    return app


def another_gives(app, slug: str, ids: list[int], rng: random.Random) -> None:
    """The change the benchmarks make: one of the group's first 30 members (never the
    first, the organizer signed in) gives another a referral, as another worker would."""
    with app.app_context():
        giver, receiver = rng.sample(ids[1:30], 2)
        group = db.session.scalar(sa.select(Group).filter_by(slug=slug))
        service.give(db.session.get(Member, giver), db.session.get(Member, receiver), group,
                     service.Prospect(name="Bench Change", need="A need"))
        db.session.commit()


def bench_app():
    """gunicorn's app: the real one plus the bare route (``bench.pages:bench_app()``)."""
    return add_bare(create_app())


def pages(slug: str, other: int, referral: int, meeting: int) -> list[tuple[str, str]]:
    g = f"/g/{slug}"
    return [
        ("dashboard", f"{g}/"),
        ("directory", f"{g}/members"),
        ("directory search", f"{g}/members?q=trade"),
        ("member page", f"{g}/members/{other}"),
        ("my reciprocity", f"{g}/network/me"),
        ("suggestions", f"{g}/network/suggestions"),
        ("network page", f"{g}/network"),
        ("network picture", f"{g}/network/picture"),
        ("network matrix", f"{g}/network/matrix"),
        ("match", f"{g}/match?q=roof+leak"),
        ("referrals received", "/referrals"),
        ("referrals given", "/referrals?box=given"),
        ("a referral", f"/referrals/{referral}"),
        ("notifications", "/notifications"),
        ("give form", f"/referrals/new?group={slug}"),
        ("one-to-ones", f"{g}/one-to-ones"),
        ("profile", "/profile"),
        ("my sphere", f"{g}/sphere"),
        ("meetings", f"{g}/meetings"),
        ("meeting console", f"{g}/meetings/{meeting}/console"),
        ("weekly report", f"{g}/meetings/{meeting}/report"),
        ("visitors", f"{g}/meetings/{meeting}/visitors"),
        ("group referrals (organizer)", f"{g}/referrals"),
        ("members (organizer)", f"{g}/manage/members"),
        ("invitations (organizer)", f"{g}/manage/invitations"),
        ("settings (organizer)", f"{g}/manage/settings"),
    ]


def prepare(app, slug: str) -> tuple[Member, list[int], int, int, int]:
    """The organizer signs in with a known password; a meeting under way; the chapter's
    one-to-ones. Returns (organizer, member ids, another member, a referral, meeting)."""
    group = db.session.scalar(sa.select(Group).filter_by(slug=slug))
    ids = [m.member_id for m in group.memberships]
    organizer = db.session.get(Member, ids[0])
    organizer.set_password(PASSWORD)
    today = NOW.date()
    for i, member_id in enumerate(ids[:40]):
        onetoones.record(db.session.get(Member, member_id), db.session.get(Member, ids[i + 1]),
                         group, today, "bench")
    db.session.commit()
    meeting = schedule.materialise(group, schedule.next_meeting(group).scheduled_on)
    db.session.commit()
    live.start(meeting, meeting.live_version)
    db.session.commit()
    referral = db.session.scalar(sa.select(Referral.id).where(
        Referral.receiver_id == organizer.id).limit(1))
    return organizer, ids, ids[1], referral, meeting.id


def sql_counts(app, email: str, urls: list[tuple[str, str]]) -> dict[str, int]:
    """Each page's statements when warm, counted in-process with the Flask test client.
    Every request has its own application context (so its own session), as under
    gunicorn: a session shared across requests would reload, after the warm request's
    commit (the dashboard writes the week's slate), what a real request loads anyway."""
    counts: dict[str, int] = {}
    client = app.test_client()
    with app.app_context():
        engine = db.engine
    client.post("/auth/signin", data={"email": email, "password": PASSWORD})
    for label, url in urls:
        client.get(url)  # warm
        seen: list[str] = []

        def count(*args, seen=seen) -> None:
            seen.append(args[2])

        sa.event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.get(url)
        finally:
            sa.event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, (label, response.status_code)
        counts[label] = len(seen)
    return counts


def sign_in(port: int, email: str) -> str:
    """Through the real form, CSRF token and all; the session cookie to send."""
    status, headers, page = request(port, "GET", "/auth/signin")
    session = f"session={SimpleCookie(headers['Set-Cookie'])['session'].value}"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    status, headers, _ = request(port, "POST", "/auth/signin", {
        "csrf_token": token, "email": email, "password": PASSWORD}, cookie=session)
    assert status == 302, status
    return f"session={SimpleCookie(headers['Set-Cookie'])['session'].value}"


class Timer:
    """Times requests two ways: the client's wall time over loopback (connection, transfer
    and reading the body included) and the server's own time, gunicorn's ``%(D)s`` (from
    reading the request to the last byte written), found in its access log by a tag each
    request carries in a header."""

    HEADER = "X-Bench-Tag"

    @classmethod
    def options(cls, log: Path) -> tuple[str, ...]:
        """gunicorn's options for that access log (``log``: its path)."""
        return ("--access-logfile", str(log),
                "--access-logformat", f"%({{{cls.HEADER.lower()}}}i)s %(D)s")

    def __init__(self, port: int, cookie: str, log: Path) -> None:
        self.port, self.cookie, self.log = port, cookie, log
        self.tags = itertools.count()

    def get(self, url: str) -> tuple[float, str]:
        """Request ``url``; the client's wall time in ms, and the request's tag."""
        tag = f"t{next(self.tags)}"
        started = time.perf_counter()
        status, _, _ = request(self.port, "GET", url, cookie=self.cookie,
                               headers={self.HEADER: tag})
        took = (time.perf_counter() - started) * 1000
        assert status == 200, (url, status)
        return took, tag

    def server_ms(self) -> dict[str, float]:
        """Each tagged request's server time in ms, from the access log."""
        found = {}
        for line in self.log.read_text().splitlines():
            tag, _, micros = line.partition(" ")
            if tag.startswith("t"):
                found[tag] = int(micros) / 1000
        return found


#: Per page: (the page's (client ms, tag) pairs, the bare route's taken just before each).
Found = dict[str, tuple[list[tuple[float, str]], list[tuple[float, str]]]]


def measure(timer: Timer, slug: str, urls: list[tuple[str, str]], runs: int,
            change: Callable[[], None] | None, page_by_page: bool = False) -> Found:
    """Each round requests every page, each right after the bare route. With ``change``,
    one is made before the bare route and one before the page, so that the floor is
    measured in the same conditions as the page (right after another process's work,
    which alone slows the next request: see the README); about 48 changes then fall
    between two views of the same page. ``page_by_page``: every round of one page, then
    the next page (two changes between two views of the page)."""
    bare = f"/bench/bare/{slug}"
    found: Found = {label: ([], []) for label, _ in urls}
    order = ([(label, url) for label, url in urls for _ in range(runs)] if page_by_page
             else [(label, url) for _ in range(runs) for label, url in urls])
    for label, url in order:
        if change is not None:
            change()
        found[label][1].append(timer.get(bare))
        if change is not None:
            change()
        found[label][0].append(timer.get(url))
    return found


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", action="store_true", help="organisation scale")
    parser.add_argument("--runs", type=int, default=15, help="rounds over every page")
    parser.add_argument("--only", help="comma-separated page labels")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's workers")
    parser.add_argument("--counts", action="store_true",
                        help="print only the SQL statements per page (no gunicorn)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    url = normalise_database_url(url) if url else \
        f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench-pages-')) / 'bench.sqlite'}"
    app = reset_schema(url)
    slug, _ = build_data(app, args.org)
    with app.app_context():
        organizer, ids, other, referral, meeting = prepare(app, slug)
        email = organizer.email
    urls = pages(slug, other, referral, meeting)
    if args.only:
        urls = [(label, u) for label, u in urls if label in args.only.split(",")]
    counts = sql_counts(add_bare(app), email, [*urls, ("bare route", f"/bench/bare/{slug}")])
    if args.counts:
        for label, n in counts.items():
            print(f"| {label} | {n} |")
        return
    rng = random.Random(11)

    def change() -> None:
        another_gives(app, slug, ids, rng)

    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "QUEUE_URL": "immediate",
           "RATELIMIT_STORAGE_URI": "memory://"}
    log = Path(tempfile.mkdtemp(prefix="bench-pages-log-")) / "access.log"
    with running_gunicorn(env, workers=args.workers, app="bench.pages:bench_app()",
                          options=Timer.options(log)) as port:
        timer = Timer(port, sign_in(port, email), log)
        measure(timer, slug, urls, 2, None)  # both workers warm
        warm = measure(timer, slug, urls, args.runs, None)
        after = measure(timer, slug, urls, args.runs, change, page_by_page=True)
        busy = measure(timer, slug, urls, args.runs, change)
        time.sleep(0.5)  # the last lines of the access log
        server = timer.server_ms()
    scale = "organisation" if args.org else "chapter (80 members, 10,000 referrals)"
    print(f"\n{url.split(':')[0].split('+')[0]} · {scale} · gunicorn -w {args.workers} · "
          f"{args.runs} rounds · server time in ms (median / p95) and its ratio to the "
          "bare route's measured in the same conditions (in brackets: to the warm bare "
          "route's): warm, right after a change (two between two views of the page), and "
          "with changes before every request of a round (~48 between two views); then the "
          "three ratios in the client's wall time over loopback")
    print("| page | SQL | warm | ratio | after a change | ratio | after ~48 changes | ratio "
          "| client: warm, after 1, after ~48 |")
    print("|---|---|---|---|---|---|---|---|---|")
    median = statistics.median

    def floor(found: Found, label: str, of) -> float:
        """The median of ``of`` over the bare route's requests beside ``label``'s."""
        return median([of(timed) for timed in found[label][1]])

    warm_floor = median([server[tag] for label, _ in urls for _, tag in warm[label][1]])
    for label, _ in urls:
        cells, clients = [], []
        for found in (warm, after, busy):
            times = [server[tag] for _, tag in found[label][0]]
            ratio = median(times) / floor(found, label, lambda r: server[r[1]])
            cell = f"{median(times):.1f} / {p95(times):.1f} | {ratio:.1f}×"
            if found is not warm:
                cell += f" ({median(times) / warm_floor:.1f}×)"
            cells.append(cell)
            client = median([ms for ms, _ in found[label][0]]) / floor(found, label,
                                                                        lambda r: r[0])
            clients.append(f"{client:.1f}×")
        print(f"| {label} | {counts[label]} | {' | '.join(cells)} | {', '.join(clients)} |")
    for name, found in (("bare route", warm), ("bare route after a change", after),
                        ("bare route after ~48 changes", busy)):
        times = [server[tag] for label, _ in urls for _, tag in found[label][1]]
        clients = [ms for label, _ in urls for ms, _ in found[label][1]]
        print(f"| {name} | {counts['bare route']} | {median(times):.1f} / {p95(times):.1f} "
              f"| | | | | | client {median(clients):.1f} ms |")


if __name__ == "__main__":
    main()
