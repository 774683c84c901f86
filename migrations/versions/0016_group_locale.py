"""groups: the locale money and dates are written in

Revision ID: 0016_group_locale
Revises: 0015_referral_versions
Create Date: 2026-11-24 12:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_group_locale'
down_revision = '0015_referral_versions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=16), server_default='en_GB', nullable=False))


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_column('locale')
