"""operator back office: roles, session epochs, API tokens, launch slips, LL2 ids, site names in Kazakh

Revision ID: c4e1a0d5f310
Revises: 796b6b44fb82
Create Date: 2026-11-30 22:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = 'c4e1a0d5f310'
down_revision = '796b6b44fb82'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Constant server defaults: SQLite adds such columns in place, rows that exist get the default.
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_kk', sqlmodel.sql.sqltypes.AutoString(), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column('retired', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('ll2_pad_id', sa.Integer(), nullable=True))
    with op.batch_alter_table('launch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ll2_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_launch_ll2_id'), ['ll2_id'], unique=False)
    with op.batch_alter_table('operator', schema=None) as batch_op:
        # accounts made before roles existed could do everything: they become admins
        batch_op.add_column(sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False,
                                      server_default="admin"))
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        'api_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('operator_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('revoked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('last_used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['operator_id'], ['operator.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_operator_id'), ['operator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_token_token_hash'), ['token_hash'], unique=True)
    op.create_table(
        'launch_slip',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('launch_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('old_net', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('new_net', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['launch_id'], ['launch.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('launch_slip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_launch_slip_launch_id'), ['launch_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('launch_slip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_launch_slip_launch_id'))
    op.drop_table('launch_slip')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_token_hash'))
        batch_op.drop_index(batch_op.f('ix_api_token_operator_id'))
    op.drop_table('api_token')
    with op.batch_alter_table('operator', schema=None) as batch_op:
        batch_op.drop_column('session_epoch')
        batch_op.drop_column('role')
    with op.batch_alter_table('launch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_launch_ll2_id'))
        batch_op.drop_column('ll2_id')
    with op.batch_alter_table('site', schema=None) as batch_op:
        batch_op.drop_column('ll2_pad_id')
        batch_op.drop_column('retired')
        batch_op.drop_column('name_kk')
