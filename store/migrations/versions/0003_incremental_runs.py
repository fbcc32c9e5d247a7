"""Incremental runs: extraction and match caches, run work counts, leases.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.coltypes import JsonType, UtcDateTime

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _created_at() -> sa.Column:
    return sa.Column("created_at", UtcDateTime(), server_default=sa.func.now(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "extraction_cache",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("extractor_version", sa.String(64), nullable=False),
        sa.Column("options_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("extraction_hash", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("summary", JsonType, nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_extraction_cache")),
    )
    op.create_index(op.f("ix_extraction_cache_sha256"), "extraction_cache", ["sha256"])
    op.create_table(
        "match_cache",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pack_hash", sa.String(128), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        _created_at(),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_match_cache")),
    )
    op.create_index(op.f("ix_match_cache_sha256"), "match_cache", ["sha256"])
    op.create_table(
        "run_stats",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("evidence_fingerprint", sa.String(64), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in (
            "extracted", "extraction_cached", "matched", "match_cached", "failed", "proposals_added")),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_run_stats")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name=op.f("fk_run_stats_run_id_runs"), ondelete="CASCADE"
        ),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("holder", sa.String(255), nullable=False),
        sa.Column("acquired_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )


def downgrade() -> None:
    op.drop_table("leases")
    op.drop_table("run_stats")
    op.drop_index(op.f("ix_match_cache_sha256"), table_name="match_cache")
    op.drop_table("match_cache")
    op.drop_index(op.f("ix_extraction_cache_sha256"), table_name="extraction_cache")
    op.drop_table("extraction_cache")
