"""CPU time per page in-process, against the bare route: the figure the load moves least.

    python -m bench.pages_cpu                      # build the chapter in a temp SQLite file
    python -m bench.pages_cpu --db /tmp/x.sqlite   # reuse (or build once into) that file
    python -m bench.pages_cpu --only directory,match --runs 20
    python -m bench.pages_cpu --profile "a referral"   # cProfile of that page, top 40
    CALLEES=block_content python -m bench.pages_cpu --profile dashboard  # + what those call
    CALLERS=_get_user python -m bench.pages_cpu --profile dashboard    # + who calls those
    python -m bench.pages_cpu --only "network page" --changes 1 --member

The chapter is bench/pages.py's (bench.bench_network.build_data plus its ``prepare``),
signed in as the chapter's organizer (``--member``: an ordinary member, whose pages
differ, e.g. the network page has no matrix; pages they may not see are left out) through
the Flask test client. Each round requests the bare route, then every page, interleaved,
each request in an application context of its own (as under gunicorn);
``time.process_time`` per request, median over the rounds. With ``--changes N`` other
members give N referrals in the group before each page request and before each bare
route's (the floor measured in the same conditions: another process's work just before
slows any request), from another process (as another gunicorn worker would: nothing the
giving computes is kept in this one). DATABASE_URL
(EMPTIED and built unless ``--db`` is given too) runs it on PostgreSQL. Not part of the
test run.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from flask import render_template

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_network import build_data, reset_schema  # noqa: E402
from bench.pages import PASSWORD, add_bare, another_gives, pages, prepare  # noqa: E402
from partner_net import create_app  # noqa: E402
from partner_net.access import group_member_required  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.models import Group, Member, Membership, Referral  # noqa: E402


def add_base(app):
    """``/bench/base/<slug>``: the bare route rendering an empty page in base.html (the
    header, navigation, badge and tab bar every signed-in page pays for)."""

    empty = app.jinja_env.from_string(
        '{% extends "base.html" %}{% block content %}ok{% endblock %}')

    @app.get("/bench/base/<slug>")
    @group_member_required
    def base():
        return render_template(empty)

    return app


def app_for(url: str):
    return add_base(add_bare(create_app({
        "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "TESTING": False,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "MAIL_SERVER": None,
        "QUEUE_URL": "immediate", "SERVER_NAME": "bench.local"})))


def build(url: str) -> None:
    app = reset_schema(url)
    slug, _ = build_data(app, False)
    with app.app_context():
        prepare(app, slug)


def facts(app) -> tuple[str, str, list[int], int, int, int]:
    """(slug, organizer's email, member ids, another member, a referral, the meeting)."""
    from partner_net.models import Meeting

    with app.app_context():
        group = db.session.scalar(sa.select(Group).order_by(Group.id).limit(1))
        ids = list(db.session.scalars(sa.select(Membership.member_id).where(
            Membership.group_id == group.id).order_by(Membership.id)))
        organizer = db.session.get(Member, ids[0])
        referral = db.session.scalar(sa.select(Referral.id).where(
            Referral.receiver_id == organizer.id).limit(1))
        meeting = db.session.scalar(sa.select(Meeting.id).where(
            Meeting.group_id == group.id).order_by(Meeting.id.desc()).limit(1))
        return group.slug, organizer.email, ids, ids[1], referral, meeting


class OtherWorker:
    """Another process that makes the changes, as another gunicorn worker would: what it
    computes on the way (the caches each process keeps) is not this process's."""

    def __init__(self, url: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.pages_cpu", "--give-for", url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            cwd=Path(__file__).resolve().parent.parent)
        assert self.proc.stdout.readline().strip() == "ready"

    def give(self, n: int) -> None:
        """``n`` referrals given by other members (bench/pages.py's change), committed."""
        self.proc.stdin.write(f"{n}\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "done"


def serve_changes(url: str) -> None:
    """The other worker's side: give as many referrals as each line of stdin says."""
    app = app_for(url)
    slug, _, ids, *_ = facts(app)
    rng = random.Random(11)
    print("ready", flush=True)
    for line in sys.stdin:
        for _ in range(int(line)):
            another_gives(app, slug, ids, rng)
        print("done", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file (built once when missing)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="comma-separated page labels")
    parser.add_argument("--changes", type=int, default=0,
                        help="referrals given by other members before each page")
    parser.add_argument("--member", action="store_true",
                        help="view as an ordinary member instead of the organizer")
    parser.add_argument("--profile", help="cProfile this page instead of timing")
    parser.add_argument("--wall", action="store_true",
                        help="wall-clock time instead of CPU time (I/O and waits included)")
    parser.add_argument("--give-for", help=argparse.SUPPRESS)  # OtherWorker's process
    args = parser.parse_args()
    if args.give_for:
        serve_changes(args.give_for)
        return
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = Path(args.db) if args.db else \
            Path(tempfile.mkdtemp(prefix="pages-cpu-")) / "bench.sqlite"
        if not path.exists():
            build(f"sqlite:///{path}")
            shutil.copy(path, str(path) + ".orig")
        url = f"sqlite:///{path}"
    elif not args.db:
        build(url)
    app = app_for(url)
    slug, email, ids, other, referral, meeting = facts(app)
    urls = [*pages(slug, other, referral, meeting), ("empty page", f"/bench/base/{slug}")]
    if args.only:
        wanted = set(args.only.split(","))
        urls = [(label, u) for label, u in urls if label in wanted]
    bare = ("bare route", f"/bench/bare/{slug}")
    client = app.test_client()
    if args.member:  # the bench's members have no password: a signed-in session
        with app.app_context(), client.session_transaction() as session:
            session["_user_id"] = db.session.get(Member, ids[5]).get_id()
            session["_fresh"] = True
    else:
        client.post("/auth/signin", data={"email": email, "password": PASSWORD})
    other_worker = OtherWorker(url) if args.changes else None

    def changes() -> None:
        if other_worker is not None:
            other_worker.give(args.changes)

    clock = time.perf_counter if args.wall else time.process_time

    def cpu(u: str) -> float:
        started = clock()
        response = client.get(u)
        took = (clock() - started) * 1000
        assert response.status_code == 200, (u, response.status_code)
        return took

    if args.profile:
        target = dict(urls)[args.profile] if args.profile in dict(urls) else bare[1]
        for _ in range(3):
            cpu(target)
        profiler = cProfile.Profile()
        for _ in range(args.runs):
            changes()  # not profiled: another worker's work
            profiler.enable()
            client.get(target)
            profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)
        if os.environ.get("CALLEES"):
            stats.print_callees(os.environ["CALLEES"])
        if os.environ.get("CALLERS"):
            stats.print_callers(os.environ["CALLERS"])
        return
    if args.member:  # the organizer's pages are not theirs
        urls = [(label, u) for label, u in urls if client.get(u).status_code == 200]
    for _, u in [bare, *urls]:  # warm
        cpu(u)
        cpu(u)
    times: dict[str, list[float]] = {label: [] for label, _ in [bare, *urls]}
    for _ in range(args.runs):
        for label, u in urls:
            changes()  # the floor is measured under the same conditions as the page
            times[bare[0]].append(cpu(bare[1]))
            changes()
            times[label].append(cpu(u))
    floor = statistics.median(times[bare[0]])
    print(f"load {os.getloadavg()[0]:.2f} · {args.runs} rounds · "
          f"{'wall' if args.wall else 'CPU'} ms median "
          f"(excess over bare) · {'organizer' if not args.member else 'member'} · "
          f"{f'after {args.changes} change(s)' if args.changes else 'warm'}")
    for label, values in sorted(times.items(), key=lambda kv: -statistics.median(kv[1])):
        m = statistics.median(values)
        print(f"| {label} | {m:.2f} | {m - floor:+.2f} | {m / floor:.1f}× |")


if __name__ == "__main__":
    main()
