"""Persistence: SQLAlchemy models, Alembic migrations and the storage API.

Typical use::

    engine = get_engine()              # BUKTI_DATABASE_URL or ~/.bukti/bukti.db
    upgrade_database()                 # once, or `bukti db upgrade`
    with session_scope(engine) as session:
        submission = get_or_create_submission(session, "Kota Jambi", 2024, "spbe_59_2020")
        run = start_run(session, submission, root=..., pack_version=..., pack_hash=..., options={})
        ...
"""

from store.acceptances import DocumentAcceptance  # table of migration 0006
from store.cache import ExtractionCacheEntry, MatchCacheEntry, RunStats  # tables of migration 0003
from store.convert import to_extracted_document, to_proposal
from store.db import (
    current_revision,
    downgrade_database,
    ensure_migrated,
    get_engine,
    head_revision,
    session_scope,
    upgrade_database,
)
from store.locks import Lease  # table of migration 0003
from store.models import (
    Citation,
    Decision,
    DecisionAction,
    Document,
    Page,
    ProposalRow,
    Run,
    RunStatus,
    Submission,
)
from store.repository import (
    add_decision,
    current_proposals,
    decisions_for,
    documents_for,
    find_submission,
    finish_run,
    get_or_create_submission,
    get_submission,
    latest_decisions,
    latest_run,
    list_submissions,
    proposal_history,
    save_document,
    save_proposals,
    start_run,
)
from store.sessions import ReviewSession  # table of migration 0007
from store.users import Role, User  # registers the users table (migration 0002) on Base.metadata

__all__ = [
    "Citation",
    "DocumentAcceptance",
    "ExtractionCacheEntry",
    "Lease",
    "MatchCacheEntry",
    "Decision",
    "DecisionAction",
    "Document",
    "Page",
    "ProposalRow",
    "ReviewSession",
    "Run",
    "RunStats",
    "Role",
    "RunStatus",
    "Submission",
    "User",
    "add_decision",
    "current_proposals",
    "current_revision",
    "decisions_for",
    "documents_for",
    "downgrade_database",
    "ensure_migrated",
    "find_submission",
    "finish_run",
    "get_engine",
    "get_or_create_submission",
    "get_submission",
    "head_revision",
    "latest_decisions",
    "latest_run",
    "list_submissions",
    "proposal_history",
    "save_document",
    "save_proposals",
    "session_scope",
    "start_run",
    "to_extracted_document",
    "to_proposal",
    "upgrade_database",
]
