"""referrals: indexes on (giver, receiver, created_at) and (receiver, created_at)

The network's patch after a change reads the changed pairs' rows of the period: without
the first index SQLite walked each giver's whole year (ix_referrals_giver_created), about
60 µs a pair. The second serves what a member received over a period (the dashboard's
month, my reciprocity, the received list) without reading their every referral.

Revision ID: 0022_referral_pair_indexes
Revises: 0021_meeting_notifications
"""
from alembic import op

revision = "0022_referral_pair_indexes"
down_revision = "0021_meeting_notifications"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_referrals_pair_created", "referrals",
                    ["giver_id", "receiver_id", "created_at"], unique=False)
    op.create_index("ix_referrals_receiver_created", "referrals",
                    ["receiver_id", "created_at"], unique=False)


def downgrade():
    op.drop_index("ix_referrals_receiver_created", table_name="referrals")
    op.drop_index("ix_referrals_pair_created", table_name="referrals")
