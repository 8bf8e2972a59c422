"""which message about a request is its staff notification (the one edited when its status changes)

Revision ID: 0003_issue13desk_relay_kind
Revises: 0002_commune
Create Date: 2026-12-02 04:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003_issue13desk_relay_kind"
down_revision = "0002_commune"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("relay_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))
    # Until now the first staff-side message of a request was its notification (later ones are follow-ups).
    op.execute(
        "UPDATE relay_message SET kind = 'notification' WHERE id IN "
        "(SELECT MIN(id) FROM relay_message WHERE side = 'staff' GROUP BY request_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("relay_message", schema=None) as batch_op:
        batch_op.drop_column("kind")
