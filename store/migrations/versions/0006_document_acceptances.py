"""Documents from another government: assessors' acceptances, each run's reference region, and what
each proposal did not count.

* ``document_acceptances``: append-only (like ``decisions``: the database refuses UPDATE, DELETE
  and, on PostgreSQL, TRUNCATE); the newest row per (submission, document) is in force.
* ``runs.reference_region``: the government a run compared documents with (None: nothing was
  compared, so nothing was set aside).
* ``proposals.withheld``: documents the proposal would have cited but did not count.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.coltypes import JsonType, UtcDateTime

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "document_acceptances"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("created_at", UtcDateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_acceptances")),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"],
                                name=op.f("fk_document_acceptances_submission_id_submissions")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_document_acceptances_document_id_documents")),
        sa.CheckConstraint("action IN ('accept', 'revoke')", name=op.f("ck_document_acceptances_action")),
        sa.CheckConstraint("length(reason) > 0", name=op.f("ck_document_acceptances_has_reason")),
    )
    op.create_index(op.f("ix_document_acceptances_submission_id_document_id"), TABLE,
                    ["submission_id", "document_id"])
    _refuse_changes(TABLE)
    # nullable: runs and proposals stored before this revision compared nothing
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("reference_region", sa.String(200), nullable=True))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("withheld", JsonType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("withheld")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("reference_region")
    _allow_changes(TABLE)
    op.drop_index(op.f("ix_document_acceptances_submission_id_document_id"), table_name=TABLE)
    op.drop_table(TABLE)


def _refuse_changes(table: str) -> None:
    """Make ``table`` append-only in the database itself (as migration 0001 does for decisions)."""
    if op.get_context().dialect.name == "postgresql":
        # bukti_refuse_change() was created by 0001; replacing it keeps this revision self-contained
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
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION bukti_refuse_change()")
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION bukti_refuse_change()")
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
