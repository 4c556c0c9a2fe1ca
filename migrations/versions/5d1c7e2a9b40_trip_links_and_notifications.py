"""trip links (share, feed) and notifications

Revision ID: 5d1c7e2a9b40
Revises: c4e1a0d5f310
Create Date: 2026-11-30 22:40:00.000000

Existing trips keep their `token` as the edit key (links already handed out stay valid) and get a new
share token and feed token each.
"""
from __future__ import annotations

import secrets

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '5d1c7e2a9b40'
down_revision = 'c4e1a0d5f310'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('trip', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('feed_token', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default="en"))
        batch_op.add_column(sa.Column('notify_email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True))
        batch_op.add_column(sa.Column('notify_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('notify_confirmed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('notified_version', sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table('trip_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_traveller', sa.Boolean(), nullable=False, server_default=sa.true()))
    connection = op.get_bind()
    trip = sa.table('trip', sa.column('id', sa.Integer), sa.column('share_token', sa.String),
                    sa.column('feed_token', sa.String), sa.column('version', sa.Integer),
                    sa.column('notified_version', sa.Integer))
    for (trip_id,) in connection.execute(sa.select(trip.c.id)).fetchall():
        connection.execute(trip.update().where(trip.c.id == trip_id).values(
            share_token=secrets.token_urlsafe(16), feed_token=secrets.token_urlsafe(16),
            notified_version=trip.c.version))
    with op.batch_alter_table('trip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trip_share_token'), ['share_token'], unique=True)
        batch_op.create_index(batch_op.f('ix_trip_feed_token'), ['feed_token'], unique=True)
        batch_op.create_index(batch_op.f('ix_trip_notify_email'), ['notify_email'], unique=False)
        batch_op.create_index(batch_op.f('ix_trip_notify_key'), ['notify_key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('trip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trip_notify_key'))
        batch_op.drop_index(batch_op.f('ix_trip_notify_email'))
        batch_op.drop_index(batch_op.f('ix_trip_feed_token'))
        batch_op.drop_index(batch_op.f('ix_trip_share_token'))
        for name in ('notified_version', 'notify_confirmed_at', 'notify_key', 'notify_email', 'lang',
                     'feed_token', 'share_token'):
            batch_op.drop_column(name)
    with op.batch_alter_table('trip_version', schema=None) as batch_op:
        batch_op.drop_column('by_traveller')
