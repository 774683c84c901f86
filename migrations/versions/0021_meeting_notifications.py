"""meeting notifications: a moved, cancelled or added meeting's notification links to it

Revision ID: 0021_meeting_notifications
Revises: 0020_speaker_swaps
Create Date: 2026-11-24 15:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_meeting_notifications'
down_revision = '0020_speaker_swaps'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_meeting_id'), ['meeting_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_meeting_id_meetings'),
                                    'meetings', ['meeting_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_meeting_id_meetings'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_meeting_id'))
        batch_op.drop_column('meeting_id')
