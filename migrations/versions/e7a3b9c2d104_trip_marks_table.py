"""trip marks in a table of their own (marking 10,000 trips: one INSERT ... SELECT, not 10,000 row updates)

Revision ID: e7a3b9c2d104
Revises: e7a2b4c1d9f3
Create Date: 2026-12-01 01:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'e7a3b9c2d104'
down_revision = 'e7a2b4c1d9f3'
branch_labels = None
depends_on = None

STALE = ("stale_change_id", "stale_since", "stale_queued_at", "stale_error")


def upgrade() -> None:
    op.create_table(
        'trip_mark',
        sa.Column('trip_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('change_id', sa.Integer(), nullable=False),
        sa.Column('prev_change_id', sa.Integer(), nullable=True),
        sa.Column('since', sa.DateTime(timezone=True), nullable=False),
        sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('error', sa.String(), nullable=True),
        sa.PrimaryKeyConstraint('trip_id'),
    )
    op.execute("INSERT INTO trip_mark (trip_id, change_id, since, queued_at, error) "
               "SELECT id, stale_change_id, coalesce(stale_since, updated_at), NULL, stale_error FROM trip "
               "WHERE stale_change_id IS NOT NULL")
    op.drop_index('ix_trip_stale_change_id', table_name='trip')
    if op.get_bind().dialect.name == "sqlite":  # the column's REFERENCES goes with a table rebuild
        with op.batch_alter_table('trip', recreate='always') as batch:
            for name in STALE:
                batch.drop_column(name)
    else:
        op.drop_constraint('fk_trip_stale_change_id', 'trip', type_='foreignkey')
        for name in STALE:
            op.drop_column('trip', name)


def downgrade() -> None:
    op.add_column('trip', sa.Column('stale_change_id', sa.Integer(), nullable=True))
    op.add_column('trip', sa.Column('stale_since', sa.DateTime(timezone=True), nullable=True))
    op.add_column('trip', sa.Column('stale_queued_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('trip', sa.Column('stale_error', sa.String(), nullable=True))
    op.create_index('ix_trip_stale_change_id', 'trip', ['stale_change_id'])
    op.execute("UPDATE trip SET stale_change_id = (SELECT change_id FROM trip_mark WHERE trip_mark.trip_id = trip.id), "
               "stale_since = (SELECT since FROM trip_mark WHERE trip_mark.trip_id = trip.id), "
               "stale_error = (SELECT error FROM trip_mark WHERE trip_mark.trip_id = trip.id)")
    op.drop_table('trip_mark')
