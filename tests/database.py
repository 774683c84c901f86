"""Database helpers shared by the test fixtures and the benchmarks (no pytest needed)."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa


def drop_everything(url: str) -> None:
    """Leave the database empty: every table, including Alembic's, dropped."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()


def derived_url(url: str, suffix: str) -> str:
    """A database of its own beside ``url``'s, for one test worker or the shared demo.

    SQLite: a file next to it. PostgreSQL: the database ``<name>_<suffix>``, created when
    missing; when the role may not create databases, the schema ``<suffix>`` in ``url``'s
    own database instead (its connections put it first on their ``search_path``).
    """
    if not re.fullmatch(r"[a-z0-9_]+", suffix):
        raise ValueError(f"not a plain name: {suffix!r}")
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        return str(parsed.set(database=str(path.with_name(f"{path.stem}-{suffix}{path.suffix}"))))
    name = f"{parsed.database}_{suffix}"
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                       {"n": name})
            if not exists:
                try:
                    connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
                except sa.exc.DBAPIError:
                    connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{suffix}"'))
                    return parsed.update_query_dict(
                        {"options": f"-csearch_path={suffix}"}).render_as_string(
                            hide_password=False)
    finally:
        engine.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


def drop_derived(base_url: str, url: str) -> None:
    """Remove what :func:`derived_url` made (tables only, when it is a schema or a file)."""
    parsed, base = sa.engine.make_url(url), sa.engine.make_url(base_url)
    if parsed.get_backend_name() == "sqlite" or parsed.database == base.database:
        drop_everything(url)
        return
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}" '
                                       "WITH (FORCE)"))
    except sa.exc.DBAPIError:
        drop_everything(url)
    finally:
        engine.dispose()
