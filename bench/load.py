"""Load: 100 members browsing, giving and moving referrals at once, then the books checked.

    python -m bench.load                               # SQLite in a temporary folder
    DATABASE_URL=postgresql://127.0.0.1:5432/<db> python -m bench.load --redis redis://...
    DATABASE_URL=... python -m bench.load --redis redis://... --instances 2

The database named by DATABASE_URL is EMPTIED and rebuilt, and the Redis database named
by --redis is EMPTIED before each run (rate-limit counts, and the queue on PostgreSQL).
Needs the ``bench`` extra (locust). Not part of the test run.

Each run builds a chapter of 110 members with 10,000 referrals of history
(bench/bench_network.py's bulk loader, plus a meeting under way and one-to-ones from
bench/pages.py), serves the real app with gunicorn on 127.0.0.1 (``--workers`` each,
``--instances`` of them on consecutive ports from ``--port``, sharing the database and
Redis) with the background worker beside it, and runs locust headless for
``--duration`` seconds with ``--users`` members (bench/load_users.py: sign in once, then
browse, give referrals through the give form and move the referrals they received
through the referral page's form, 2-8 s of think time). The users split evenly across
the instances; five members have two sessions (on different instances when there are
two), and each sends now and then the form of the referral the other opened, as from a
page left open (a 409 "changed meanwhile" when the other moved it first).

Afterwards it checks, from the database:

- no HTTP error: every answer was the one the page gives a member (locust's failures,
  and any 5xx or traceback in gunicorn's log);
- no lost or phantom write: the referrals created are exactly the ones whose give the
  server confirmed (its redirect to /referrals/<id>), with that giver, receiver and form
  token; the status changes in the history are exactly the moves it confirmed (a 409
  "changed meanwhile" wrote nothing); won values are the ones typed;
- every history is consistent: each referral touched starts from its state before the
  run (or a ``created`` entry), every status entry goes forward from the status before
  it (pipeline.can_receiver_move), the last one is the referral's status, and its
  ``version`` went up by exactly one per change.

Printed: those counts, median and p95 ms per request type (locust's, rounded by locust
above 100 ms to 10 ms), the app's own duration per endpoint (its JSON request log),
requests per second, the gunicorn workers' CPU time and RSS (started, warm, after), the
load average during the run. ``--write`` adds the run to bench/results/load.md.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import ExitStack
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_network import build_data, reset_schema  # noqa: E402
from bench.pages import prepare, sign_in  # noqa: E402
from partner_net.config import normalise_database_url  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.models import Group, Member, OutboxMessage, Referral, ReferralEvent  # noqa: E402
from partner_net.referrals.pipeline import Status, can_receiver_move  # noqa: E402
from tests.gunicorn_server import ROOT, request, running_gunicorn  # noqa: E402

PASSWORD = "bench load password"
#: The bench accounts' password hash: cheap, so 100 sign-ins do not cost 100 scrypts. The
#: server keeps PASSWORD_HASH_METHOD=scrypt (the default) and checks any stored hash.
CHEAP_HASH = "pbkdf2:sha256:1"
SECRET = "bench-load-secret"
LAYOUT = [(110, 10_000)]  # the chapter: 110 members, 10,000 referrals of history
ACCOUNTS = 95  # members who sign in; the users beyond them are second sessions
RESULTS = ROOT / "bench" / "results" / "load.md"


# --- the data ------------------------------------------------------------------------


def build(url: str) -> tuple[object, str, list[str], list[int], str]:
    """The chapter, its history, and the members' passwords; returns (app, slug, emails of
    the members who sign in, ids of the chapter's members, the organizer's email)."""
    app = reset_schema(url)
    slug, _ = build_data(app, False, layout=LAYOUT)
    app.config["PASSWORD_HASH_METHOD"] = CHEAP_HASH
    with app.app_context():
        # A meeting under way, one-to-ones, the organizer's password (bench.pages.PASSWORD).
        organizer = prepare(app, slug)[0].email
        group = db.session.scalar(sa.select(Group).filter_by(slug=slug))
        ids = sorted(m.member_id for m in group.memberships)
        signing_in = ids[1:ACCOUNTS + 1]
        db.session.execute(sa.update(Member).where(Member.id.in_(signing_in)).values(
            password_hash=generate_password_hash(PASSWORD, method=CHEAP_HASH)))
        db.session.commit()
        emails = list(db.session.scalars(
            sa.select(Member.email).where(Member.id.in_(signing_in)).order_by(Member.id)))
    return app, slug, emails, ids, organizer


def warm(ports: list[int], slug: str, organizer: str, member_ids: list[int]) -> None:
    """Every page type a few times from 4 threads per instance, as the organizer, so each
    worker has imported, compiled and cached what the pages need before the load (the
    matcher's model, the templates, the group's network)."""
    g = f"/g/{slug}"
    urls = [f"{g}/", "/referrals", "/referrals?box=given", f"{g}/members",
            f"{g}/members/{member_ids[5]}", f"{g}/network/suggestions", f"{g}/network",
            f"{g}/network/me", "/notifications", f"/referrals/new?group={slug}",
            "/referrals?box=received&period=all&status=given"]

    def rounds(port: int, cookie: str) -> None:
        for _ in range(3):
            for url in urls:
                request(port, "GET", url, cookie=cookie)

    threads = []
    for port in ports:
        cookie = sign_in(port, organizer)
        threads += [threading.Thread(target=rounds, args=(port, cookie)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def snapshot(app) -> dict:
    """What the checks compare with: each referral's status and version, the last ids."""
    with app.app_context():
        rows = db.session.execute(sa.select(Referral.id, Referral.status, Referral.version))
        return {
            "referrals": {r.id: (r.status, r.version) for r in rows},
            "last_referral": db.session.scalar(sa.select(sa.func.max(Referral.id))) or 0,
            "last_event": db.session.scalar(sa.select(sa.func.max(ReferralEvent.id))) or 0,
            "last_outbox": db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0,
        }


# --- processes -------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def gunicorn_workers() -> dict[int, list[int]]:
    """{gunicorn master pid: its worker pids}, for the masters this process started."""
    masters = [pid for pid in children_of(os.getpid())
               if b"gunicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    return {master: sorted(children_of(master)) for master in sorted(masters)}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def workers_cpu() -> float:
    return sum(cpu_seconds(pid) for workers in gunicorn_workers().values() for pid in workers)


def memory() -> list[float]:
    return [rss_mb(pid) for workers in gunicorn_workers().values() for pid in workers]


class LoadAverage(threading.Thread):
    """/proc/loadavg's one-minute figure every 5 s while the load runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(5):
            self.samples.append(float(Path("/proc/loadavg").read_text().split()[0]))


def run_locust(hosts: list[str], slug: str, emails: list[str], member_ids: list[int],
               users: int, duration: int, folder: Path) -> Path:
    config = folder / "load.json"
    record = folder / "record.jsonl"
    config.write_text(json.dumps({
        "hosts": hosts, "slug": slug, "accounts": emails, "member_ids": member_ids,
        "users": users,
        "password": PASSWORD, "record": str(record), "think": [2, 8],
    }))
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load_users.py"),
         "--headless", "--users", str(users), "--spawn-rate", "10", "--run-time",
         f"{duration}s", "--stop-timeout", "30", "--host", hosts[0], "--csv",
         str(folder / "locust"), "--only-summary", "--loglevel", "WARNING"],
        cwd=ROOT, env={**os.environ, "LOAD_CONFIG": str(config)}, check=False,
        stdout=subprocess.DEVNULL, stderr=open(folder / "locust.log", "wb"),  # noqa: SIM115
    )
    return record


# --- the checks -----------------------------------------------------------------------


def check(app, before: dict, record: Path, server_log: Path) -> dict:
    entries = [json.loads(line) for line in record.read_text().splitlines()]
    gives = [e for e in entries if e["kind"] == "give"]
    moves = [e for e in entries if e["kind"] == "move"]
    conflicts = [e for e in entries if e["kind"] == "conflict"]
    errors = [e for e in entries if e["kind"] == "error"]
    problems: list[str] = []
    log = server_log.read_text(errors="replace") if server_log.exists() else ""
    server_errors = len(re.findall(r"Traceback|\"status\": 5\d\d", log))
    if server_errors:
        problems.append(f"{server_errors} tracebacks or 5xx in the server's log")
    with app.app_context():
        emails = dict(db.session.execute(sa.select(Member.email, Member.id)).all())
        created = {r.id: r for r in db.session.scalars(
            sa.select(Referral).where(Referral.id > before["last_referral"]))}
        confirmed = {g["referral"]: g for g in gives}
        if len(confirmed) != len(gives):
            problems.append("two confirmed gives landed on one referral")
        lost = set(confirmed) - set(created)
        phantom = set(created) - set(confirmed)
        if lost:
            problems.append(f"lost gives: {sorted(lost)[:10]}")
        if phantom:
            problems.append(f"referrals nobody was told of: {sorted(phantom)[:10]}")
        for rid, give in confirmed.items():
            row = created.get(rid)
            if row is not None and (row.giver_id != emails[give["email"]]
                                    or row.receiver_id != give["receiver"]
                                    or row.form_token != give["token"]
                                    or row.prospect_name != give["name"]):
                problems.append(f"referral {rid} is not the give confirmed")
        events = list(db.session.scalars(sa.select(ReferralEvent).where(
            ReferralEvent.id > before["last_event"]).order_by(ReferralEvent.id)))
        status_events = Counter((e.referral_id, e.to_status) for e in events
                                if e.kind == "status")
        confirmed_moves = Counter((m["referral"], m["to"]) for m in moves)
        if status_events != confirmed_moves:
            missing = confirmed_moves - status_events
            extra = status_events - confirmed_moves
            problems.append(f"moves confirmed but not in the history: {dict(missing)}; "
                            f"in the history but never confirmed: {dict(extra)}")
        by_referral: dict[int, list[ReferralEvent]] = defaultdict(list)
        for event in events:
            by_referral[event.referral_id].append(event)
        touched = set(by_referral) | set(created)
        rows = {r.id: r for r in db.session.scalars(
            sa.select(Referral).where(Referral.id.in_(touched)))} if touched else {}
        for rid in sorted(touched):
            problem = history_problem(rows[rid], before["referrals"].get(rid),
                                      by_referral[rid])
            if problem:
                problems.append(f"referral {rid}: {problem}")
        for move in moves:
            if move["to"] == Status.WON:
                value = rows[move["referral"]].closed_value
                if value != Decimal(move["value"]):
                    problems.append(f"referral {move['referral']}: won {move['value']}, "
                                    f"recorded {value}")
        outbox = Counter(db.session.scalars(sa.select(OutboxMessage.status).where(
            OutboxMessage.id > before["last_outbox"])))
    return {
        "gives": len(gives), "created": len(created), "moves": len(moves),
        "status_events": sum(status_events.values()), "conflicts": len(conflicts),
        "errors": len(errors), "error_kinds": Counter(
            f"{e['name']} {e.get('status', e.get('detail'))}" for e in errors),
        "server_errors": server_errors, "touched": len(touched),
        "outbox": dict(outbox), "problems": problems,
    }


def history_problem(row: Referral, before: tuple[str, int] | None,
                    events: list[ReferralEvent]) -> str:
    """Why this referral's history since the run began does not add up, or ''."""
    if before is None:  # created during the run: the first entry says so
        if not events or events[0].kind != "created" or events[0].to_status != Status.GIVEN:
            return "created without a 'created' entry"
        status, version, events = Status.GIVEN, 1, events[1:]
    else:
        status, version = Status(before[0]), before[1]
    for event in events:
        version += 1  # every change of a referral is one compare-and-set, one entry
        if event.kind == "status":
            if event.from_status != status or not can_receiver_move(status,
                                                                    Status(event.to_status)):
                return f"{event.from_status} → {event.to_status} after {status}"
            status = Status(event.to_status)
        elif event.kind == "created":
            return "a second 'created' entry"
    if row.status != status:
        return f"status {row.status}, history ends at {status}"
    if row.version != version:
        return f"version {row.version}, history says {version}"
    return ""


# --- figures -----------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def server_times(log: Path, offset: int) -> dict[str, tuple[int, float, float]]:
    """(count, median, p95) of the app's own request durations, per endpoint and "all",
    from the JSON request lines gunicorn's workers wrote after ``offset``."""
    with open(log, "rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
    times: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        if '"partner_net.request"' not in line:
            continue
        entry = json.loads(line)
        times[f"{entry['method']} {entry['endpoint']}"].append(entry["duration_ms"])
        times["all"].append(entry["duration_ms"])
    return {name: (len(v), percentile(v, 0.5), percentile(v, 0.95)) for name, v in times.items()}


def locust_stats(folder: Path) -> list[dict[str, str]]:
    with open(folder / "locust_stats.csv") as handle:
        return list(csv.DictReader(handle))


def summary(label: str, stats: list[dict[str, str]], found: dict, rss: tuple[list, list],
            load: list[float], duration: int) -> str:
    lines = [f"### {label}", ""]
    total = next(s for s in stats if s["Name"] == "Aggregated")
    ok = not found["problems"] and not found["errors"] and not found["server_errors"] \
        and int(total["Failure Count"]) == 0
    lines.append(
        f"{'PASS' if ok else 'FAIL'} · {total['Request Count']} requests in {duration} s "
        f"({float(total['Requests/s']):.1f}/s), {total['Failure Count']} failed · gives "
        f"confirmed {found['gives']}, referrals created {found['created']} · moves "
        f"confirmed {found['moves']}, status entries {found['status_events']}, 409 "
        f"(changed meanwhile, nothing written) {found['conflicts']} · histories checked "
        f"{found['touched']} · emails queued {sum(found['outbox'].values())} "
        f"({', '.join(f'{n} {k}' for k, n in sorted(found['outbox'].items()))})")
    lines.append("")
    start, before, after = rss
    lines.append(
        f"gunicorn workers' RSS, MB: started {' '.join(f'{m:.0f}' for m in start)} · warm, "
        f"before the load {' '.join(f'{m:.0f}' for m in before)} · after it "
        f"{' '.join(f'{m:.0f}' for m in after)} · load average (1 min) during the run: "
        f"median {sorted(load)[len(load) // 2]:.1f}, max {max(load):.1f} (2 cores, shared) · "
        f"the workers' CPU: {found['cpu']:.0f} s in {duration} s "
        f"({found['cpu'] / duration:.2f} cores), locust's {found['locust_cpu']:.0f} s"
        if load else "")
    server = found["server"]
    if server:
        everything = server.pop("all")
        lines += ["", f"Server time (the app's own duration_ms, {everything[0]} requests): "
                  f"median {everything[1]:.1f} ms, p95 {everything[2]:.1f} ms; by endpoint: "
                  + "; ".join(f"{name} {m:.0f}/{p:.0f}" for name, (_, m, p) in
                              sorted(server.items(), key=lambda kv: -kv[1][2])[:8])
                  + " (median/p95 ms, the 8 slowest p95)"]
    if found["problems"] or found["errors"]:
        lines += ["", "Problems:", *(f"- {p}" for p in found["problems"][:30]),
                  *(f"- {n} × {k}" for k, n in found["error_kinds"].items())]
    lines += ["", "| request | count | failed | median ms | p95 ms | max ms |",
              "|---|---|---|---|---|---|"]
    for s in sorted(stats, key=lambda s: (s["Name"] == "Aggregated", s["Name"])):
        lines.append(f"| {'all' if s['Name'] == 'Aggregated' else s['Name']} | "
                     f"{s['Request Count']} | {s['Failure Count']} | {s['50%']} | {s['95%']} | "
                     f"{float(s['Max Response Time']):.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per instance")
    parser.add_argument("--instances", type=int, default=1, help="gunicorns sharing the data")
    parser.add_argument("--port", type=int, default=5200, help="the first instance's port")
    parser.add_argument("--redis", help="redis://host:port/db for rate limits (and, on "
                        "PostgreSQL, the queue); EMPTIED before the run")
    parser.add_argument("--write", action="store_true", help="append to bench/results/load.md")
    args = parser.parse_args()
    if importlib.util.find_spec("locust") is None:
        sys.exit("bench/load.py needs locust: .venv/bin/pip install -e '.[bench]'")
    url = os.environ.get("DATABASE_URL")
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    url = normalise_database_url(url) if url else f"sqlite:///{folder / 'bench.sqlite'}"
    started = time.perf_counter()
    app, slug, emails, ids, organizer = build(url)
    print(f"built the chapter in {time.perf_counter() - started:.0f} s; bench accounts' "
          f"passwords hashed with {CHEAP_HASH} (the server's PASSWORD_HASH_METHOD stays "
          "scrypt)", flush=True)
    before = snapshot(app)
    sqlite = url.startswith("sqlite")
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    env = {
        "DATABASE_URL": url, "SECRET_KEY": SECRET, "PROXY_FIX_X_FOR": "1",
        "RATELIMIT_STORAGE_URI": args.redis or "memory://",
        "QUEUE_URL": f"sqlite:///{folder / 'queue.sqlite'}" if sqlite or not args.redis
        else args.redis,
        "MATCHER_VECTOR_STORE": str(folder / "vectors.sqlite"),
        "EMAIL_BASE_URL": f"http://127.0.0.1:{args.port}",
    }
    server_log = folder / "gunicorn.log"
    with ExitStack() as stack:
        hosts = []
        for i in range(args.instances):
            port = stack.enter_context(running_gunicorn(
                env, workers=args.workers, port=args.port + i, log=server_log))
            hosts.append(f"http://127.0.0.1:{port}")
        worker = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "partner_net", "worker"], cwd=ROOT,
            env={**os.environ, **env}, stdout=open(folder / "worker.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT)
        stack.callback(lambda: (worker.terminate(), worker.wait(timeout=30)))
        rss_start = memory()
        warm([int(h.rsplit(":", 1)[1]) for h in hosts], slug, organizer, ids)
        rss_before = memory()
        log_from = server_log.stat().st_size
        cpu_before = workers_cpu()
        load = LoadAverage()
        load.start()
        print(f"{args.users} users for {args.duration} s against {', '.join(hosts)} "
              f"(gunicorn -w {args.workers} each) ...", flush=True)
        locust_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        record = run_locust(hosts, slug, emails, ids, args.users, args.duration, folder)
        after_locust = resource.getrusage(resource.RUSAGE_CHILDREN)
        load.done.set()
        time.sleep(3)  # the worker sends what was queued last
        rss_after = memory()
        cpu = workers_cpu() - cpu_before
    found = check(app, before, record, server_log)
    found["server"] = server_times(server_log, log_from)
    found["cpu"] = cpu
    found["locust_cpu"] = (after_locust.ru_utime + after_locust.ru_stime
                           - locust_cpu.ru_utime - locust_cpu.ru_stime)
    database = "SQLite" if sqlite else "PostgreSQL"
    label = (f"{database}, {args.instances} instance{'s' if args.instances > 1 else ''} × "
             f"gunicorn -w {args.workers}, {args.users} users, {args.duration} s "
             f"({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)")
    text = summary(label, locust_stats(folder), found, (rss_start, rss_before, rss_after),
                   load.samples, args.duration)
    print(text)
    print(f"\n(locust's CSV, logs and the record of confirmed changes: {folder})")
    if args.write:
        with open(RESULTS, "a") as handle:
            handle.write("\n" + text + "\n")
    if "FAIL" in text.split("\n")[2]:
        sys.exit(1)


if __name__ == "__main__":
    main()
