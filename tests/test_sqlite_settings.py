"""SQLite connections enforce foreign keys (so cascades hold), use WAL and wait when
another write is under way; the database file is created mode 600; migrations keep data."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from partner_net import create_app
from partner_net.extensions import db
from partner_net.models import Membership, RememberToken
from partner_net.models.base import utcnow
from tests.conftest import base_config


def sqlite_only(app) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite connection settings")


def pragma(name: str):
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_connection_sets_the_pragmas(app):
    sqlite_only(app)
    assert pragma("foreign_keys") == 1
    assert pragma("journal_mode") == "wal"
    assert pragma("busy_timeout") == app.config["SQLITE_BUSY_TIMEOUT_MS"] == 5000


def test_cascades_hold_on_sqlite(app, world):
    """Deleting a group in SQL (no ORM cascade) deletes its memberships: ON DELETE CASCADE."""
    sqlite_only(app)
    group_id = world.group.id
    db.session.execute(sa.text("DELETE FROM groups WHERE id = :id"), {"id": group_id})
    db.session.commit()
    left = db.session.scalar(sa.select(sa.func.count()).select_from(Membership)
                             .where(Membership.group_id == group_id))
    assert left == 0


def test_a_row_pointing_nowhere_is_refused_on_sqlite(app):
    sqlite_only(app)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(sa.text(
            "INSERT INTO memberships (member_id, group_id, role, active, joined_at) "
            "VALUES (424242, 424242, 'member', 1, '2026-01-01 00:00:00')"))
        db.session.flush()
    db.session.rollback()


def test_the_database_file_is_created_mode_600(tmp_path: Path):
    path = tmp_path / "instance" / "fresh.sqlite"
    app = create_app(base_config(f"sqlite:///{path}"))
    with app.app_context():
        with db.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            wal = path.with_name(path.name + "-wal")
            assert wal.exists()
            assert stat.S_IMODE(wal.stat().st_mode) == 0o600
        db.engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_downgrade_and_upgrade_keep_rows_that_refer_to_rebuilt_tables(app, world):
    """0007's downgrade rebuilds ``members`` (SQLite batch mode); with foreign keys on,
    dropping the old table would cascade to every membership. They must all survive."""
    memberships = db.session.scalar(sa.select(sa.func.count()).select_from(Membership))
    assert memberships > 0
    db.session.add(RememberToken(member_id=world.alice.id, token_hash="0" * 64,
                                 session_version=0, expires_at=utcnow()))
    db.session.commit()
    db.session.remove()
    downgrade(revision="-1")  # 0007 only
    upgrade()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Membership)) == memberships
    if db.engine.dialect.name == "sqlite":
        assert pragma("foreign_keys") == 1  # back on for the pool's connections
