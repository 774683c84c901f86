"""``flask backup`` / ``flask restore``: a consistent copy of the SQLite database while the
site runs, through SQLite's online backup API (``sqlite3.Connection.backup``).

PostgreSQL has its own tools (``pg_dump`` / ``pg_restore``, see the README); these
commands say so rather than half-doing it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from flask.cli import with_appcontext

from partner_net.extensions import db

POSTGRESQL_HINT = ("This site runs on PostgreSQL: back it up with pg_dump and restore with "
                   "pg_restore (README, Backups).")


def sqlite_path() -> Path:
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(POSTGRESQL_HINT)
    if not url.database or url.database == ":memory:":
        raise click.ClickException("The database is in memory: there is nothing to back up.")
    return Path(url.database)


def copy_database(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    """Copy every page in one step: the copy is one consistent moment of the source, even
    while other processes write to it (they wait for, or retry after, the read)."""
    source.backup(target)


def check(connection: sqlite3.Connection, what: str) -> str:
    """The database's Alembic revision, after SQLite's integrity check."""
    if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        raise click.ClickException(f"{what} fails SQLite's integrity check.")
    try:
        return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except (sqlite3.DatabaseError, TypeError) as error:
        raise click.ClickException(f"{what} is not a Partner Net database.") from error


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a consistent copy of the SQLite database to TARGET (a new file)."""
    source_path = sqlite_path()
    if target.exists():
        raise click.ClickException(f"{target} exists; choose a new file name.")
    partial = target.with_name(target.name + ".partial")
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        copy_database(source, copy)
        revision = check(copy, "The copy")
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)
    click.echo(f"Backed up {source_path} to {target} "
               f"({target.stat().st_size:,} bytes, revision {revision}).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup SOURCE (made by ``flask backup``)."""
    target_path = sqlite_path()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        revision = check(backup, str(source))
        if not yes:
            click.confirm(f"Replace everything in {target_path} with {source}?", abort=True)
        db.engine.dispose()
        live = sqlite3.connect(target_path, timeout=30)
        try:
            copy_database(backup, live)
        finally:
            live.close()
    finally:
        backup.close()
    click.echo(f"Restored {source} into {target_path} (revision {revision}). "
               "Run `flask --app partner_net db upgrade` if the code is newer than the backup.")
