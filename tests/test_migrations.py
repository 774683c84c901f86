"""The migrations build exactly the schema the models describe, and can be undone."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from partner_net.extensions import db


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_models_and_migrations_agree(app):
    assert schema_differences() == []


def test_every_migration_downgrades_and_upgrades_again(app):
    db.session.remove()
    downgrade(revision="base")
    with db.engine.connect() as connection:
        assert db.engine.dialect.get_table_names(connection) in ([], ["alembic_version"])
    upgrade()
    assert schema_differences() == []
