"""How many wrong passwords get through the sign-in limit under gunicorn with 2 workers?

    python bench/ratelimit_workers.py [--attempts 40] [--runs 5]
        [--redis redis://127.0.0.1:6379/2]

The sign-in limit is 10 a minute. For each storage (``memory://``, then Redis when
``--redis`` is given and reachable) it starts ``gunicorn -w 2`` on a free port, signs up
nothing, and POSTs ``--attempts`` wrong passwords for one member from one address, with a
real CSRF token; it prints how many reached the password check (the rest got 429). With
memory storage each worker counts on its own, so up to twice the limit gets through.
SQLite in a temporary folder (or DATABASE_URL, which is EMPTIED). Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from pathlib import Path

from flask_migrate import upgrade

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from partner_net import create_app  # noqa: E402
from partner_net.config import normalise_database_url  # noqa: E402
from partner_net.extensions import db  # noqa: E402
from partner_net.models import Member  # noqa: E402
from tests.database import drop_everything  # noqa: E402
from tests.gunicorn_server import running_gunicorn, wrong_password_attempts  # noqa: E402

EMAIL = "target@example.com"


def prepare(url: str) -> None:
    drop_everything(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        member = Member(name="Target Person", email=EMAIL)
        member.set_password("the real password")
        db.session.add(member)
        db.session.commit()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--redis", default=None)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    url = normalise_database_url(url) if url else (
        f"sqlite:///{Path(tempfile.mkdtemp()) / 'limits.sqlite'}")
    prepare(url)
    storages = ["memory://"] + ([args.redis] if args.redis else [])
    for storage in storages:
        through = []
        for _ in range(args.runs):
            env = {"DATABASE_URL": url, "SECRET_KEY": "bench-secret",
                   "RATELIMIT_STORAGE_URI": storage,
                   "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}"}
            with running_gunicorn(env, workers=2) as port:
                statuses = wrong_password_attempts(port, EMAIL, args.attempts)
            through.append(statuses[200])
            assert statuses[200] + statuses[429] == args.attempts, statuses
        print(f"{storage:<32} of {args.attempts} wrong passwords, reached the check: "
              f"{through} (limit 10 a minute)")
    drop_everything(url)


if __name__ == "__main__":
    main()
