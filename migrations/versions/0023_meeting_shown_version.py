"""meetings: shown_version, a count of changes to what the live screens show

The console and the room screen poll for the meeting's state and swap it in when its
version changes. That version was ``live_version`` alone, which only the console's own
taps move: a roll-call mark, a substitute's name, a weekly ask, a referral slip, closed
business or a visitor changed the figures on screen without changing it, so the screens
kept the old figures. Each of those writes now counts one more here.

Revision ID: 0023_meeting_shown_version
Revises: 0022_referral_pair_indexes
"""
import sqlalchemy as sa
from alembic import op

revision = "0023_meeting_shown_version"
down_revision = "0022_referral_pair_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("shown_version", sa.Integer(), nullable=False,
                                   server_default="0"))


def downgrade():
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("shown_version")
