"""referrals: a version for compare-and-set, the give form's one-time token, and at most
one child per passed-on referral

Revision ID: 0015_referral_versions
Revises: 0009_outbox
"""
import sqlalchemy as sa
from alembic import op

revision = "0015_referral_versions"
down_revision = "0009_outbox"
branch_labels = None
depends_on = None

CONDITION = sa.text("passed_on_from_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1",
                                      nullable=False))
        batch_op.add_column(sa.Column("form_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_referrals_form_token"), ["form_token"])
    op.drop_index("ix_referrals_passed_on_from", table_name="referrals")
    op.create_index("ux_referrals_passed_on_from", "referrals", ["passed_on_from_id"],
                    unique=True, postgresql_where=CONDITION, sqlite_where=CONDITION)


def downgrade():
    op.drop_index("ux_referrals_passed_on_from", table_name="referrals")
    op.create_index("ix_referrals_passed_on_from", "referrals", ["passed_on_from_id"],
                    unique=False, postgresql_where=CONDITION, sqlite_where=CONDITION)
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_referrals_form_token"), type_="unique")
        batch_op.drop_column("form_token")
        batch_op.drop_column("version")
