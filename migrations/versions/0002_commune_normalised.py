"""the commune of a request, matched against the official list of administrative units

Revision ID: 0002_commune
Revises: 0001
Create Date: 2026-12-01 23:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_commune"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commune_code", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("commune_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))
        batch_op.add_column(sa.Column("province", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True))
        batch_op.create_index(batch_op.f("ix_support_request_commune_code"), ["commune_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_support_request_province"), ["province"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("support_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_request_province"))
        batch_op.drop_index(batch_op.f("ix_support_request_commune_code"))
        batch_op.drop_column("province")
        batch_op.drop_column("commune_name")
        batch_op.drop_column("commune_code")
