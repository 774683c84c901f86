"""network changes: the pairs whose referrals changed at each version of a group's figures

Revision ID: 0019_network_changes
Revises: 0017_import_batches
Create Date: 2026-11-24 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_network_changes'
down_revision = '0017_import_batches'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('network_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('giver_id', sa.Integer(), nullable=False),
    sa.Column('receiver_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_network_changes_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network_changes'))
    )
    with op.batch_alter_table('network_changes', schema=None) as batch_op:
        batch_op.create_index('ix_network_changes_group_version', ['group_id', 'version'], unique=False)


def downgrade():
    with op.batch_alter_table('network_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_network_changes_group_version')
    op.drop_table('network_changes')
