"""Server-side review sessions, and append-only tables that also refuse being overwritten.

* ``review_sessions``: one row per login. The cookie carries only a random token whose sha256 is
  the row id, so logout or a password change ends the session on the server (``revoked_at``),
  and a copied cookie stops working at once.
* SQLite ``REPLACE`` / ``INSERT OR REPLACE`` deletes the conflicting row and inserts a new one;
  with ``recursive_triggers`` off (SQLite's default) that delete fires no DELETE trigger, so the
  UPDATE/DELETE triggers of 0001 and 0006 let a decision be rewritten. A BEFORE INSERT trigger
  now refuses any insert whose id already exists. PostgreSQL needs nothing new: ``ON CONFLICT DO
  UPDATE`` and ``MERGE`` fire the row triggers of 0001 and 0006.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from store.coltypes import UtcDateTime

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = ("decisions", "document_acceptances")


def upgrade() -> None:
    op.create_table(
        "review_sessions",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen", UtcDateTime(), nullable=False),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_sessions")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_review_sessions_user_id_users")),
    )
    op.create_index(op.f("ix_review_sessions_user_id"), "review_sessions", ["user_id"])
    if op.get_context().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_no_overwrite BEFORE INSERT ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM {table} WHERE id = NEW.id) "
                f"BEGIN SELECT RAISE(ABORT, 'table {table} is append-only: overwriting row refused'); END"
            )


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for table in APPEND_ONLY_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_overwrite")
    op.drop_index(op.f("ix_review_sessions_user_id"), table_name="review_sessions")
    op.drop_table("review_sessions")
