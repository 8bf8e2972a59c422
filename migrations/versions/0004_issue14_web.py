"""web desk: one-time sign-in links and browser sessions

Revision ID: 0004_issue14_web
Revises: 0003_issue13desk_relay_kind
Create Date: 2026-12-02 04:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004_issue14_web"
down_revision = "0003_issue13desk_relay_kind"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_login_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_web_login_token_token_hash"), "web_login_token", ["token_hash"], unique=True)
    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("csrf_token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_web_session_token_hash"), "web_session", ["token_hash"], unique=True)
    op.create_index(op.f("ix_web_session_telegram_user_id"), "web_session", ["telegram_user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_web_session_telegram_user_id"), table_name="web_session")
    op.drop_index(op.f("ix_web_session_token_hash"), table_name="web_session")
    op.drop_table("web_session")
    op.drop_index(op.f("ix_web_login_token_token_hash"), table_name="web_login_token")
    op.drop_table("web_login_token")
