"""seasonal opening hours on sites; documents required on access rules

Revision ID: e7a3f1b2c9d4
Revises: c41f0a9e7d21
Create Date: 2026-12-01 01:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'e7a3f1b2c9d4'
down_revision = 'c41f0a9e7d21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # JSON lists in the seed's shape; existing rows get an empty list (no seasons, no documents)
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours_seasons', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    with op.batch_alter_table('access_rule', schema=None) as batch_op:
        batch_op.add_column(sa.Column('documents', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table('access_rule', schema=None) as batch_op:
        batch_op.drop_column('documents')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('hours_seasons')
