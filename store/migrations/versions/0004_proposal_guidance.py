"""Proposals keep their Fakta / Analisis / Justifikasi / Rekomendasi guidance.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.coltypes import JsonType

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: proposals stored before this revision have no guidance; they are not rewritten
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("guidance", JsonType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("guidance")
