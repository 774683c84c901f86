"""referrals: a partial index on passed_on_from_id (almost every row is NULL)

Revision ID: 0004_partial_passed_on_index
Revises: 0003_strategic_partners
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_partial_passed_on_index"
down_revision = "0003_strategic_partners"
branch_labels = None
depends_on = None

CONDITION = sa.text("passed_on_from_id IS NOT NULL")


def upgrade():
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_passed_on_from_id")
    op.create_index(
        "ix_referrals_passed_on_from", "referrals", ["passed_on_from_id"], unique=False,
        postgresql_where=CONDITION, sqlite_where=CONDITION,
    )


def downgrade():
    op.drop_index("ix_referrals_passed_on_from", table_name="referrals")
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index("ix_referrals_passed_on_from_id", ["passed_on_from_id"],
                              unique=False)
