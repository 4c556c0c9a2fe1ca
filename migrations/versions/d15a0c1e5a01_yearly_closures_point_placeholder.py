"""yearly expected closures; what a site's point marks; placeholder hours

Revision ID: d15a0c1e5a01
Revises: 5d1c7e2a9b40
Create Date: 2026-11-30 22:40:00
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'd15a0c1e5a01'
down_revision = '5d1c7e2a9b40'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'yearly_closure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('start_month', sa.Integer(), nullable=False),
        sa.Column('start_day', sa.Integer(), nullable=False),
        sa.Column('end_month', sa.Integer(), nullable=False),
        sa.Column('end_day', sa.Integer(), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('from_year', sa.Integer(), nullable=True),
        sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('sources', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['site_id'], ['site.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('yearly_closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_yearly_closure_site_id'), ['site_id'], unique=False)
    with op.batch_alter_table('site', schema=None) as batch_op:
        # constants: SQLite adds them in place
        batch_op.add_column(sa.Column('hours_placeholder', sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column('point', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                      server_default=""))


def downgrade() -> None:
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('point')
        batch_op.drop_column('hours_placeholder')
    with op.batch_alter_table('yearly_closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_yearly_closure_site_id'))
    op.drop_table('yearly_closure')
