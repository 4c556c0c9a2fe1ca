"""background re-planning: catalogue changes, catalogue revision, trip marks, trip_visit index

Revision ID: c41f0a9e7d21
Revises: d15a0c1e5a01
Create Date: 2026-11-30 22:30:00
"""
from __future__ import annotations

import json
from datetime import date

from alembic import op
import sqlalchemy as sa


revision = 'c41f0a9e7d21'
down_revision = 'd15a0c1e5a01'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'catalogue_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.execute("INSERT INTO catalogue_revision (id, value) VALUES (1, 0)")
    op.create_table(
        'catalogue_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('record', sa.String(length=128), nullable=False),
        sa.Column('summary', sa.String(), nullable=False),
        sa.Column('note', sa.String(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('affected', sa.Integer(), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('failed', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.String(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['operator.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_catalogue_change_at', 'catalogue_change', ['at'])
    op.create_index('ix_catalogue_change_record', 'catalogue_change', ['record'])
    # Nullable columns without defaults: SQLite adds them in place (no table rebuild).
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a referencing column in place, not a constraint
        op.execute("ALTER TABLE trip ADD COLUMN stale_change_id INTEGER REFERENCES catalogue_change (id)")
    else:
        op.add_column('trip', sa.Column('stale_change_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_trip_stale_change_id', 'trip', 'catalogue_change', ['stale_change_id'], ['id'])
    op.add_column('trip', sa.Column('stale_since', sa.DateTime(timezone=True), nullable=True))
    op.add_column('trip', sa.Column('stale_queued_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('trip', sa.Column('stale_error', sa.String(), nullable=True))
    op.create_index('ix_trip_stale_change_id', 'trip', ['stale_change_id'])
    op.create_table(
        'trip_visit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('trip_id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.String(length=64), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(['trip_id'], ['trip.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('trip_id', 'site_id', 'day'),
    )
    op.create_index('ix_trip_visit_site_id_day', 'trip_visit', ['site_id', 'day'])
    _backfill_visits()


def _backfill_visits() -> None:
    """Index the visits of every trip's newest version (trips saved before the index existed)."""
    connection = op.get_bind()
    visit = sa.table('trip_visit', sa.column('trip_id', sa.Integer()), sa.column('site_id', sa.String()),
                     sa.column('day', sa.Date()))
    rows = connection.execute(sa.text(
        "SELECT v.trip_id, v.itinerary FROM trip_version v JOIN trip t ON t.id = v.trip_id AND t.version = v.version"))
    batch: list[dict[str, object]] = []
    for trip_id, itinerary in rows:
        data = json.loads(itinerary) if isinstance(itinerary, str) else itinerary
        seen = set()
        for day in (data or {}).get("days", []):
            for item in day.get("items", []):
                if item.get("type") == "visit" and item.get("site"):
                    seen.add((item["site"], date.fromisoformat(day["date"])))
        batch.extend({"trip_id": trip_id, "site_id": site, "day": when} for site, when in sorted(seen))
    if batch:
        op.bulk_insert(visit, batch)


def downgrade() -> None:
    op.drop_index('ix_trip_visit_site_id_day', table_name='trip_visit')
    op.drop_table('trip_visit')
    op.drop_index('ix_trip_stale_change_id', table_name='trip')
    with op.batch_alter_table('trip', schema=None) as batch_op:
        batch_op.drop_column('stale_error')
        batch_op.drop_column('stale_queued_at')
        batch_op.drop_column('stale_since')
        batch_op.drop_column('stale_change_id')
    op.drop_index('ix_catalogue_change_record', table_name='catalogue_change')
    op.drop_index('ix_catalogue_change_at', table_name='catalogue_change')
    op.drop_table('catalogue_change')
    op.drop_table('catalogue_revision')
