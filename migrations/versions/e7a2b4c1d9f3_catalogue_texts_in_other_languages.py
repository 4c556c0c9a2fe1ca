"""catalogue texts in Russian and Kazakh: site descriptions, closure reasons, visitor rules' titles and notes

Revision ID: e7a2b4c1d9f3
Revises: e7a3f1b2c9d4
Create Date: 2026-12-01 01:50:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = 'e7a2b4c1d9f3'
down_revision = 'e7a3f1b2c9d4'
branch_labels = None
depends_on = None

#: (table, column): each a JSON {lang: text}; existing rows get {} (English only, shown marked as such).
COLUMNS = (('site', 'description_i18n'), ('closure', 'reason_i18n'), ('monthly_closure', 'reason_i18n'),
           ('yearly_closure', 'reason_i18n'), ('access_rule', 'title_i18n'), ('access_rule', 'notes_i18n'))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
