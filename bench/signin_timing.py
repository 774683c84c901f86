"""Time sign-in answers: can a stranger tell from the clock whether an email has an account?

    python bench/signin_timing.py [--rounds 40]
    DATABASE_URL=postgresql://127.0.0.1:5432/<db> python bench/signin_timing.py

SQLite (a file in a temporary folder) by default; the database named by DATABASE_URL is
EMPTIED and rebuilt. One member with a real scrypt password hash; then, interleaved, POSTs
to the real sign-in form with an unknown email and with the member's email and a wrong
password. Prints the median and 95th percentile of each and the gap between the medians.
Rate limits are off so every attempt reaches the password check. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partner_net import create_app  # noqa: E402
from partner_net.config import normalise_database_url  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.models import Member  # noqa: E402
from tests.database import drop_everything  # noqa: E402


def timed_post(client, data: dict[str, str]) -> float:
    start = time.perf_counter()
    response = client.post("/auth/signin", data=data)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code  # refused, the form again
    return elapsed


def summary(label: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1]
    return f"{label:<32} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    url = normalise_database_url(url) if url else (
        f"sqlite:///{Path(tempfile.mkdtemp()) / 'timing.sqlite'}")
    drop_everything(url)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        upgrade()
        member = Member(name="Known Person", email="known@example.com")
        member.set_password("the real password")
        db.session.add(member)
        db.session.commit()
    client = app.test_client()
    unknown: list[float] = []
    known: list[float] = []
    wrong = {"password": "a wrong password"}
    for i in range(args.rounds + 3):
        u = timed_post(client, {"email": f"nobody{i}@example.com", **wrong})
        k = timed_post(client, {"email": "known@example.com", **wrong})
        if i >= 3:  # warm-up: first connections, template compilation
            unknown.append(u)
            known.append(k)
    print(summary("unknown email", unknown))
    print(summary("known email, wrong password", known))
    gap = statistics.median(known) - statistics.median(unknown)
    print(f"gap between the medians: {gap:+.1f} ms")
    drop_everything(url)


if __name__ == "__main__":
    main()
