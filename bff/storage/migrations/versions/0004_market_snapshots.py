"""market_snapshots: the job-market snapshot of each refresh (bff.market)

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'market_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.Column('as_of', sa.String(length=10), nullable=True),
        sa.Column('stats', sa.Text(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_market_snapshots_status_id', 'market_snapshots', ['status', 'id'])


def downgrade() -> None:
    op.drop_index('ix_market_snapshots_status_id', table_name='market_snapshots')
    op.drop_table('market_snapshots')
