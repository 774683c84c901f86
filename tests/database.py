"""Database helpers shared by the test fixtures and the benchmarks (no pytest needed)."""

from __future__ import annotations

import sqlalchemy as sa


def drop_everything(url: str) -> None:
    """Leave the database empty: every table, including Alembic's, dropped."""
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()
