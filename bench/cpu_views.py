"""In-process CPU per view, two checkouts interleaved on the same database.

    python -m bench.cpu_views --build                        # build the chapter once
    python -m bench.cpu_views --base /path/to/other/checkout # time both, interleaved

The chapter is bench/pages.py's (80 members, 10,000 referrals, a meeting, one-to-ones),
built into a SQLite file (``--db``; or DATABASE_URL, which ``--build`` EMPTIES). Two child
processes, one per checkout (``--base`` and this one), each serve the app through the
Flask test client signed in as bench/pages.py's member (the organizer), every request
with an application context (so a database session) of its own, as under gunicorn. The
driver asks each in turn (each first every other round) for each page and collects
``time.process_time()`` around the request (warm), then again with another member giving
a referral before each request (the change is made by the driver, as another worker
would). Printed: median CPU ms per
page and checkout, and whether both checkouts' pages were the same HTML (CSRF tokens
removed). Not part of the test run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
DEFAULT_DB = "/tmp/bench-cpu-views/bench.sqlite"
SECRET = "bench-cpu-views"


def child(code: str, url: str) -> None:
    """Serve requests from stdin (one JSON line each) with the checkout in ``code``."""
    sys.path.insert(0, code)
    import time

    import sqlalchemy as sa

    from partner_net import create_app
    from partner_net.access import group_member_required
    from partner_net.extensions import db
    from partner_net.models import Group, Member

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "TESTING": False,
                      "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": False,
                      "MAIL_SERVER": None, "QUEUE_URL": "immediate"})

    @app.get("/bench/bare/<slug>")
    @group_member_required
    def bare():
        return "ok"

    assert Path(sys.modules["partner_net"].__file__).is_relative_to(code), code
    client = app.test_client()
    with app.app_context():
        group = db.session.scalar(sa.select(Group).filter_by(slug="chapter-1"))
        organizer = db.session.get(Member, group.memberships[0].member_id)
        user_id = organizer.get_id()
        db.session.remove()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        path = json.loads(line)["get"]
        cpu = time.process_time()
        wall = time.perf_counter()
        response = client.get(path)
        cpu = (time.process_time() - cpu) * 1000
        wall = (time.perf_counter() - wall) * 1000
        body = re.sub(rb'name="csrf_token" type="hidden" value="[^"]+"|'
                      rb'name="csrf_token" value="[^"]+"', b"", response.data)
        print(json.dumps({"status": response.status_code, "cpu": cpu, "wall": wall,
                          "digest": hashlib.sha1(body).hexdigest()}), flush=True)
        if os.environ.get("BENCH_DUMP"):
            Path(os.environ["BENCH_DUMP"], f"{Path(code).name}-{path.replace('/', '_')}.html"
                 ).write_bytes(body)


class Worker:
    def __init__(self, code: str, url: str) -> None:
        self.code = code
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "bench" / "cpu_views.py"), "--child", code, "--db", url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=code)
        assert json.loads(self.proc.stdout.readline())["ready"]

    def get(self, path: str) -> dict:
        self.proc.stdin.write(json.dumps({"get": path}) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        assert answer["status"] == 200, (self.code, path, answer)
        return answer

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def build(url: str) -> None:
    from bench.bench_network import build_data, reset_schema
    from bench.pages import prepare
    from partner_net.extensions import db

    app = reset_schema(url)
    build_data(app, False)
    with app.app_context():
        prepare(app, "chapter-1")
        db.session.remove()


def changer(url: str):
    """Another member gives a referral in the chapter (bench/pages.py's change)."""
    import sqlalchemy as sa

    from partner_net import create_app
    from partner_net.extensions import db
    from partner_net.models import Group, Member
    from partner_net.referrals import service

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "TESTING": False,
                      "MAIL_SERVER": None, "QUEUE_URL": "immediate",
                      "SERVER_NAME": "bench.local"})
    rng = random.Random(11)
    with app.app_context():
        group = db.session.scalar(sa.select(Group).filter_by(slug="chapter-1"))
        ids = [m.member_id for m in group.memberships]
        db.session.remove()

    def change() -> None:
        with app.app_context():
            giver, receiver = rng.sample(ids[1:30], 2)
            group = db.session.scalar(sa.select(Group).filter_by(slug="chapter-1"))
            service.give(db.session.get(Member, giver), db.session.get(Member, receiver),
                         group, service.Prospect(name="Bench Change", need="A need"))
            db.session.commit()

    return change


PAGES = {
    "bare": "/bench/bare/chapter-1",
    "dashboard": "/g/chapter-1/",
    "suggestions": "/g/chapter-1/network/suggestions",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("DATABASE_URL")
                        or f"sqlite:///{DEFAULT_DB}")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--base", help="the other checkout to compare with")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", default="bare,dashboard,suggestions")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db)
        return
    sys.path.insert(0, str(HERE))
    if args.build:
        if args.db.startswith("sqlite:///"):
            Path(args.db[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        build(args.db)
        return
    codes = [c for c in (args.base, str(HERE)) if c]
    workers = [Worker(c, args.db) for c in codes]
    labels = ["base", "this"][-len(workers):]
    pages = [(p, PAGES.get(p, p)) for p in args.pages.split(",")]
    change = changer(args.db)
    results: dict[tuple[str, str, str], list[float]] = {}
    same: dict[tuple[str, str], bool] = {}
    for w in workers:  # warm: models loaded, caches filled
        for _, path in pages:
            w.get(path)
            w.get(path)
    for mode in ("warm", "after a change"):
        for run in range(args.runs):
            for name, path in pages:
                digests = set()
                pairs = list(zip(labels, workers, strict=True))
                for label, w in pairs[::-1] if run % 2 else pairs:  # each goes first by turns
                    if mode != "warm":
                        change()
                    answer = w.get(path)
                    results.setdefault((mode, name, label), []).append(answer["cpu"])
                    digests.add(answer["digest"])
                if mode == "warm":
                    same[(mode, name)] = same.get((mode, name), True) and len(digests) == 1
    for w in workers:
        w.close()
    load = os.getloadavg()
    print(f"CPU ms per view (median of {args.runs}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}); db {args.db.split(':')[0]}")
    print("| page | mode | " + " | ".join(labels) + " | same HTML (warm) |")
    for mode in ("warm", "after a change"):
        for name, _ in pages:
            cells = [f"{statistics.median(results[(mode, name, label)]):.2f}"
                     for label in labels]
            print(f"| {name} | {mode} | " + " | ".join(cells)
                  + f" | {same.get((mode, name), '')} |")


if __name__ == "__main__":
    main()
