"""Backups: ``flask backup`` while the site writes, ``flask restore`` into a fresh
database, every table compared; on PostgreSQL the README's pg_dump / pg_restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest
import sqlalchemy as sa

from partner_net import create_app
from partner_net.extensions import db
from partner_net.models import Group, Member, Referral, ReferralEvent
from tests import referral_factories
from tests.conftest import base_config


def is_sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def sqlite_tables(path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, from a SQLite file."""
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(),
                             key=repr) for name in names}
    finally:
        connection.close()


def test_backup_while_the_site_writes_then_restore_into_a_fresh_database(
        app, world, runner, tmp_path):
    if not is_sqlite(app):
        pytest.skip("PostgreSQL is backed up with pg_dump (test below)")
    stop = threading.Event()
    written = []
    ids = (world.group.id, world.alice.id, world.bob.id)

    def keep_giving() -> None:
        with app.app_context():
            group, alice, bob = (db.session.get(kind, i) for kind, i in zip(
                (Group, Member, Member), ids, strict=True))
            while not stop.is_set():
                written.append(referral_factories.give(group, alice, bob).id)
            db.session.remove()

    writer = threading.Thread(target=keep_giving)
    writer.start()
    try:
        while len(written) < 5 and writer.is_alive():
            time.sleep(0.01)
        result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
        before_stop = len(written)
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    snapshot = sqlite_tables(tmp_path / "copy.sqlite")
    referrals = len(snapshot["referrals"])
    assert 5 <= referrals <= before_stop + 1
    # One consistent moment: each referral with its event, notification and outbox row, and
    # the group's version counted with them (they are written in one transaction).
    assert len(snapshot["referral_events"]) == referrals
    assert len(snapshot["notifications"]) == referrals
    assert len(snapshot["outbox_messages"]) == referrals
    copy = sqlite3.connect(tmp_path / "copy.sqlite")
    [(version,)] = copy.execute("SELECT referrals_version FROM groups WHERE id = ?",
                                (world.group.id,)).fetchall()
    copy.close()
    assert version == referrals

    fresh = create_app(base_config(f"sqlite:///{tmp_path / 'fresh.sqlite'}"))
    with fresh.app_context():  # (the CLI runner reuses the app context it finds)
        restored = fresh.test_cli_runner().invoke(
            args=["restore", str(tmp_path / "copy.sqlite"), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert sqlite_tables(tmp_path / "fresh.sqlite") == snapshot
        assert db.session.scalar(sa.select(sa.func.count(Referral.id))) == referrals
        db.session.remove()
        db.engine.dispose()


def test_backup_refuses_to_overwrite_and_restore_refuses_other_files(app, runner, tmp_path):
    if not is_sqlite(app):
        pytest.skip("SQLite only")
    (tmp_path / "exists.sqlite").write_text("")
    assert "exists" in runner.invoke(args=["backup", str(tmp_path / "exists.sqlite")]).output
    sqlite3.connect(tmp_path / "other.sqlite").execute("CREATE TABLE t (x)").connection.commit()
    result = runner.invoke(args=["restore", str(tmp_path / "other.sqlite"), "--yes"])
    assert result.exit_code != 0 and "not a Partner Net database" in result.output


def test_restore_asks_before_replacing(app, runner, tmp_path):
    if not is_sqlite(app):
        pytest.skip("SQLite only")
    runner.invoke(args=["backup", str(tmp_path / "b.sqlite")])
    result = runner.invoke(args=["restore", str(tmp_path / "b.sqlite")], input="n\n")
    assert result.exit_code == 1 and "Aborted" in result.output


def pg_tables() -> dict[str, list[tuple]]:
    with db.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return {name: sorted(connection.execute(sa.text(f'SELECT * FROM "{name}"')).all(),
                             key=repr) for name in names}


def test_pg_dump_and_pg_restore_as_the_readme_says(app, world, tmp_path, database_url):
    if is_sqlite(app):
        pytest.skip("the PostgreSQL run does this")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("pg_dump / pg_restore are not installed")
    referral_factories.give(world.group, world.alice, world.bob)
    db.session.remove()
    before = pg_tables()
    # This run's database in libpq's form (under pytest-xdist, this worker's own).
    libpq = sa.engine.make_url(database_url).set(drivername="postgresql")
    if "options" in libpq.query:
        pytest.skip("a schema inside a shared database: pg_dump would take all of it")
    env = {**os.environ, "DATABASE_URL": libpq.render_as_string(hide_password=False)}
    dump = tmp_path / "partner_net.dump"
    # The README's two commands, word for word (run from tmp_path).
    subprocess.run('pg_dump --format=custom --file=partner_net.dump "$DATABASE_URL"',
                   shell=True, check=True, cwd=tmp_path, env=env)
    assert dump.stat().st_size > 0
    with app.app_context():
        db.session.execute(sa.delete(ReferralEvent))
        db.session.execute(sa.update(Group).values(name="Changed"))
        db.session.commit()
        db.session.remove()
    db.engine.dispose()
    subprocess.run('pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" '
                   'partner_net.dump', shell=True, check=True, cwd=tmp_path, env=env)
    assert pg_tables() == before
