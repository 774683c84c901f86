"""speaker swaps: members ask each other to swap featured-speaker turns

Revision ID: 0020_speaker_swaps
Revises: 0019_network_changes
Create Date: 2026-11-24 14:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_speaker_swaps'
down_revision = '0019_network_changes'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending'")


def upgrade():
    op.create_table('speaker_swaps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('requester_on', sa.Date(), nullable=False),
    sa.Column('other_id', sa.Integer(), nullable=False),
    sa.Column('other_on', sa.Date(), nullable=False),
    sa.Column('pair_key', sa.String(length=21), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('requester_id <> other_id', name=op.f('ck_speaker_swaps_not_self')),
    sa.CheckConstraint('requester_on <> other_on', name=op.f('ck_speaker_swaps_two_dates')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_speaker_swaps_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['other_id'], ['members.id'], name=op.f('fk_speaker_swaps_other_id_members'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['members.id'], name=op.f('fk_speaker_swaps_requester_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_swaps'))
    )
    op.create_index('ix_speaker_swaps_group_status', 'speaker_swaps', ['group_id', 'status'], unique=False)
    op.create_index('ix_speaker_swaps_other_status', 'speaker_swaps', ['other_id', 'status'], unique=False)
    op.create_index('uq_speaker_swaps_pending_pair', 'speaker_swaps', ['group_id', 'pair_key'], unique=True,
                    postgresql_where=PENDING, sqlite_where=PENDING)

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('speaker_swap_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_speaker_swap_id'), ['speaker_swap_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_notifications_speaker_swap_id_speaker_swaps'), 'speaker_swaps', ['speaker_swap_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('speaker_pins', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pinned_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('swap_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_speaker_pins_pinned_by_id_members'), 'members', ['pinned_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_speaker_pins_swap_id_speaker_swaps'), 'speaker_swaps', ['swap_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('speaker_pins', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_speaker_pins_swap_id_speaker_swaps'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_speaker_pins_pinned_by_id_members'), type_='foreignkey')
        batch_op.drop_column('swap_id')
        batch_op.drop_column('pinned_by_id')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notifications_speaker_swap_id_speaker_swaps'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_notifications_speaker_swap_id'))
        batch_op.drop_column('speaker_swap_id')

    op.drop_index('uq_speaker_swaps_pending_pair', table_name='speaker_swaps',
                  postgresql_where=PENDING, sqlite_where=PENDING)
    op.drop_index('ix_speaker_swaps_other_status', table_name='speaker_swaps')
    op.drop_index('ix_speaker_swaps_group_status', table_name='speaker_swaps')
    op.drop_table('speaker_swaps')
