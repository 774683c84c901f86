"""The migrations build exactly the schema the models describe, and can be undone."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from partner_net.extensions import db
from partner_net.models import Member, Referral


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


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_and_previous() -> tuple[str, str]:
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    return head, ScriptDirectory.from_config(config).get_revision(head).down_revision


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
        return {name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar()
                for name in names if name != "alembic_version"}


def test_downgrade_one_step_and_upgrade_again_from_empty(app):
    head, previous = head_and_previous()
    db.session.remove()
    downgrade(revision="-1")
    assert current_revision() == previous
    upgrade()
    assert current_revision() == head
    assert schema_differences() == []


def test_the_demo_data_survives_the_newest_migration(app, runner):
    """A copy of the demo data at the previous head (built, then taken one step down),
    upgraded to the head: every row is still there and the new schema is complete."""
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    head, previous = head_and_previous()
    members = db.session.execute(
        sa.select(Member.email, Member.name).order_by(Member.email)).all()
    statuses = db.session.execute(
        sa.select(Referral.id, Referral.status, Referral.closed_value).order_by(Referral.id)).all()
    db.session.remove()
    downgrade(revision="-1")
    assert current_revision() == previous
    at_previous = row_counts()
    assert at_previous["referrals"] > 100 and at_previous["members"] > 30
    upgrade()
    assert current_revision() == head
    assert schema_differences() == []
    after = row_counts()
    assert {name: after[name] for name in at_previous} == at_previous
    assert db.session.execute(
        sa.select(Member.email, Member.name).order_by(Member.email)).all() == members
    assert db.session.execute(
        sa.select(Referral.id, Referral.status, Referral.closed_value)
        .order_by(Referral.id)).all() == statuses
    priya = db.session.scalar(sa.select(Member).filter_by(email="priya@ramanandco.example"))
    assert priya.email_timezone == "Europe/London"  # from her first group
