"""Initial schema: submissions, runs, documents, pages, proposals, citations, decisions.

Decisions are append-only; the database refuses UPDATE and DELETE on them (SQLite triggers,
a PostgreSQL trigger function that later append-only tables can reuse).

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.coltypes import JsonType, UtcDateTime

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = ("decisions",)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _now(name: str) -> sa.Column:
    return sa.Column(name, UtcDateTime(), server_default=sa.func.now(), nullable=False)


def _fk(column: str, table: str, referred: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{referred}.id"], name=op.f(f"fk_{table}_{column}_{referred}"), ondelete=ondelete
    )


def upgrade() -> None:
    _create_submissions_and_runs()
    _create_documents_and_pages()
    _create_proposals_and_citations()
    _create_decisions()
    for table in APPEND_ONLY_TABLES:
        _refuse_changes(table)


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        _allow_changes(table)
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS bukti_refuse_change()")
    for table in ("decisions", "citations", "proposals", "pages", "documents", "runs", "submissions"):
        op.drop_table(table)


def _create_submissions_and_runs() -> None:
    op.create_table(
        "submissions",
        _id(),
        sa.Column("region", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("framework", sa.String(64), nullable=False),
        _now("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
        sa.UniqueConstraint("region", "year", "framework", name=op.f("uq_submissions_region_year_framework")),
    )
    op.create_table(
        "runs",
        _id(),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        _now("started_at"),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("framework", sa.String(64), nullable=False),
        sa.Column("pack_version", sa.String(64), nullable=False),
        sa.Column("pack_hash", sa.String(128), nullable=False),
        sa.Column("root", sa.Text(), nullable=False),
        sa.Column("options", JsonType, nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "documents_ok",
                "documents_partial",
                "documents_failed",
                "documents_skipped",
                "pages",
            )
        ),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
        _fk("submission_id", "runs", "submissions"),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'partial', 'failed')", name=op.f("ck_runs_status")
        ),
    )
    op.create_index(op.f("ix_runs_submission_id"), "runs", ["submission_id"])


def _create_documents_and_pages() -> None:
    op.create_table(
        "documents",
        _id(),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("format", sa.String(32), nullable=False),
        sa.Column("mime_type", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("metadata", JsonType, nullable=False),
        sa.Column("doc_type", sa.String(40), nullable=True),
        sa.Column("number", sa.String(200), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("legal_status", sa.String(20), nullable=True),
        sa.Column("structure", JsonType, nullable=False),
        sa.Column("issues", JsonType, nullable=False),
        sa.Column("extractor_version", sa.String(64), nullable=False),
        sa.Column("extraction_hash", sa.String(64), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("first_seen_run_id", sa.Integer(), nullable=False),
        sa.Column("last_seen_run_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", UtcDateTime(), nullable=True),
        _now("created_at"),
        _now("updated_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        _fk("submission_id", "documents", "submissions"),
        _fk("first_seen_run_id", "documents", "runs"),
        _fk("last_seen_run_id", "documents", "runs"),
        sa.UniqueConstraint("submission_id", "sha256", name=op.f("uq_documents_submission_id_sha256")),
    )
    op.create_index(op.f("ix_documents_sha256"), "documents", ["sha256"])
    op.create_index(op.f("ix_documents_last_seen_run_id"), "documents", ["last_seen_run_id"])
    op.create_table(
        "pages",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("ocr_confidence", sa.Float(), nullable=True),
        sa.Column("tables", JsonType, nullable=False),
        sa.PrimaryKeyConstraint("document_id", "number", name=op.f("pk_pages")),
        _fk("document_id", "pages", "documents", ondelete="CASCADE"),
        sa.CheckConstraint("number >= 1", name=op.f("ck_pages_number_positive")),
    )


def _create_proposals_and_citations() -> None:
    op.create_table(
        "proposals",
        _id(),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("needs_manual", sa.Boolean(), nullable=False),
        sa.Column("pack_version", sa.String(64), nullable=False),
        sa.Column("pack_hash", sa.String(128), nullable=False),
        sa.Column("rule_ids", JsonType, nullable=False),
        sa.Column("criteria", JsonType, nullable=False),
        sa.Column("next_level_missing", JsonType, nullable=False),
        sa.Column("document_shas", JsonType, nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        _now("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        _fk("run_id", "proposals", "runs"),
        _fk("submission_id", "proposals", "submissions"),
        sa.CheckConstraint("level BETWEEN 0 AND 5", name=op.f("ck_proposals_level_range")),
        sa.CheckConstraint("confidence >= 0 AND confidence <= 1", name=op.f("ck_proposals_confidence_range")),
    )
    op.create_index(op.f("ix_proposals_run_id"), "proposals", ["run_id"])
    op.create_index(
        op.f("ix_proposals_submission_id_indicator_id"), "proposals", ["submission_id", "indicator_id"]
    )
    op.create_table(
        "citations",
        _id(),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("page", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("matched", sa.Text(), nullable=False),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("location", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citations")),
        _fk("proposal_id", "citations", "proposals", ondelete="CASCADE"),
        _fk("document_id", "citations", "documents"),
        sa.CheckConstraint("page >= 1", name=op.f("ck_citations_page_positive")),
    )
    op.create_index(op.f("ix_citations_proposal_id"), "citations", ["proposal_id"])
    op.create_index(op.f("ix_citations_document_id"), "citations", ["document_id"])


def _create_decisions() -> None:
    op.create_table(
        "decisions",
        _id(),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(64), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        _now("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        _fk("submission_id", "decisions", "submissions"),
        _fk("proposal_id", "decisions", "proposals"),
        sa.CheckConstraint("action IN ('confirm', 'override')", name=op.f("ck_decisions_action")),
        sa.CheckConstraint("level BETWEEN 0 AND 5", name=op.f("ck_decisions_level_range")),
        sa.CheckConstraint(
            "action <> 'confirm' OR proposal_id IS NOT NULL",
            name=op.f("ck_decisions_confirm_has_proposal"),
        ),
        sa.CheckConstraint(
            "action <> 'override' OR length(reason) > 0", name=op.f("ck_decisions_override_has_reason")
        ),
    )
    op.create_index(
        op.f("ix_decisions_submission_id_indicator_id"), "decisions", ["submission_id", "indicator_id"]
    )


def _refuse_changes(table: str) -> None:
    """Make ``table`` append-only in the database itself."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            """
            CREATE OR REPLACE FUNCTION bukti_refuse_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'table % is append-only: % refused', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'integrity_constraint_violation',
                          HINT = 'record a new row instead of changing or deleting one';
            END;
            $$
            """
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION bukti_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bukti_refuse_change()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_append_only_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'table {table} is append-only: {verb} refused'); END"
        )


def _allow_changes(table: str) -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only_{verb}")
