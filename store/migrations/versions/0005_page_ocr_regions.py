"""Pages keep the OCR'd image areas (e.g. a signature block) appended to their text.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.coltypes import JsonType

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # nullable: pages stored before this revision (or without OCR'd images) have no regions
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("ocr_regions", JsonType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("ocr_regions")
