"""Proposals and citations: round trip, re-runs add proposals, current = newest per indicator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, func, select

from core.errors import StorageError
from core.models import ExtractedDocument, Proposal
from store import (
    Citation,
    ProposalRow,
    Run,
    add_decision,
    current_proposals,
    decisions_for,
    finish_run,
    proposal_history,
    save_document,
    save_proposals,
    session_scope,
    to_proposal,
)

MakeDoc = Callable[..., ExtractedDocument]
MakeProposal = Callable[..., Proposal]
NewRun = Callable[..., Run]


def test_save_proposals_round_trips_with_citations(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    doc_a, doc_b = make_document("a"), make_document("b")
    proposals = [make_proposal(doc_a, "I01", 3), make_proposal(doc_b, "I02", 1)]
    with session_scope(engine) as session:
        run = new_run(session)
        rows = {d.source.sha256: save_document(session, run, d) for d in (doc_a, doc_b)}
        saved = save_proposals(session, run, proposals, rows)
        assert [row.id is not None for row in saved] == [True, True]
        submission_id = run.submission_id
    with session_scope(engine) as session:
        current = current_proposals(session, submission_id)
        assert [to_proposal(row) for row in current] == proposals
        citation = current[0].citations[0]
        assert (citation.page, citation.location, citation.document.sha256) == (
            1,
            "Pasal 1",
            doc_a.source.sha256,
        )


def test_save_proposals_finds_documents_missing_from_the_mapping(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    doc = make_document("a")
    with session_scope(engine) as session:
        run = new_run(session)
        save_document(session, run, doc)
        (row,) = save_proposals(session, run, [make_proposal(doc)], {})
        assert row.citations[0].document.sha256 == doc.source.sha256


def test_save_proposals_refuses_citation_of_unsaved_document(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    with pytest.raises(StorageError, match="save the document with save_document first"):
        with session_scope(engine) as session:
            save_proposals(session, new_run(session), [make_proposal(make_document("x"))], {})


def test_save_proposals_refuses_document_of_another_submission(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    doc = make_document("a")
    with pytest.raises(StorageError, match="not a document of submission"):
        with session_scope(engine) as session:
            other = save_document(session, new_run(session, year=2023), doc)
            run = new_run(session, year=2024)
            save_proposals(session, run, [make_proposal(doc)], {doc.source.sha256: other})


def test_save_proposals_refuses_framework_mismatch(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    doc = make_document("a")
    with pytest.raises(StorageError, match="framework 'pemdi_8_2026'"):
        with session_scope(engine) as session:
            run = new_run(session)
            rows = {doc.source.sha256: save_document(session, run, doc)}
            save_proposals(session, run, [make_proposal(doc, framework="pemdi_8_2026")], rows)


def test_rerun_adds_proposals_and_keeps_decisions(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    doc = make_document("a")
    with session_scope(engine) as session:
        run1 = new_run(session)
        rows = {doc.source.sha256: save_document(session, run1, doc)}
        first = save_proposals(
            session, run1, [make_proposal(doc, "I01", 2), make_proposal(doc, "I02", 4)], rows
        )
        finish_run(session, run1, "completed", "")
        decision = add_decision(
            session, run1.submission_id, "I01", action="confirm", user="asesor", proposal_id=first[0].id
        )
        run2 = new_run(session)
        rows = {doc.source.sha256: save_document(session, run2, doc)}
        second = save_proposals(session, run2, [make_proposal(doc, "I01", 3)], rows)
        finish_run(session, run2, "completed", "")
        submission_id, decision_id = run1.submission_id, decision.id
    with session_scope(engine) as session:
        current = {row.indicator_id: row for row in current_proposals(session, submission_id)}
        assert (current["I01"].id, current["I01"].level) == (second[0].id, 3)
        assert (current["I02"].id, current["I02"].level) == (first[1].id, 4)  # untouched by run 2
        assert [p.level for p in proposal_history(session, submission_id, "I01")] == [2, 3]
        assert session.scalar(select(func.count()).select_from(ProposalRow)) == 3
        assert session.scalar(select(func.count()).select_from(Citation)) == 3
        (kept,) = decisions_for(session, submission_id, "I01")
        assert (kept.id, kept.proposal_id, kept.level) == (decision_id, first[0].id, 2)


def test_current_proposals_ignores_failed_runs(
    engine: Engine, new_run: NewRun, make_document: MakeDoc, make_proposal: MakeProposal
) -> None:
    doc = make_document("a")
    with session_scope(engine) as session:
        run1 = new_run(session)
        rows = {doc.source.sha256: save_document(session, run1, doc)}
        save_proposals(session, run1, [make_proposal(doc, "I01", 2)], rows)
        finish_run(session, run1, "completed", "")
        run2 = new_run(session)
        save_proposals(session, run2, [make_proposal(doc, "I01", 5)], rows)
        finish_run(session, run2, "failed", "rule pack crashed")
        assert [p.level for p in current_proposals(session, run1.submission_id)] == [2]


def test_migration_0004_guidance_round_trips_and_downgrades(tmp_path) -> None:  # noqa: ANN001
    """Proposals keep their Fakta/Analisis/Justifikasi guidance; 0004 drops cleanly back to 0003."""
    from sqlalchemy import inspect

    from core.models import Guidance, Proposal
    from store.convert import proposal_row, to_proposal
    from store.db import downgrade_database, get_engine, upgrade_database

    url = f"sqlite:///{tmp_path / 'g.db'}"
    upgrade_database(url)
    guidance = Guidance(fakta="Perwali Pasal 2 mengatur ...", analisis="a", justifikasi="j", rekomendasi="r")
    proposal = Proposal(framework="spbe-2020", pack_version="1", pack_hash="h", indicator_id="1", level=2,
                        confidence=0.5, guidance=guidance)
    row = proposal_row(proposal, [])
    assert row.guidance["fakta"].startswith("Perwali")
    row.run = type("R", (), {"framework": "spbe-2020"})()  # to_proposal reads the run's framework only
    assert to_proposal(row).guidance == guidance
    downgrade_database(url, "0003")
    engine = get_engine(url)
    with engine.connect() as conn:
        assert "guidance" not in {c["name"] for c in inspect(conn).get_columns("proposals")}
    engine.dispose()


def test_stored_criteria_leave_a_passages_weakness_out() -> None:
    """Weakness is read from the page when shown; rows stored before it existed stay equal."""
    from core.models import CriterionResult, Passage
    from store.convert import proposal_row

    passage = Passage(sha256="a" * 64, file_name="x.pdf", page=1, start=0, end=4, quote="isi", matched="isi",
                      rule_id="r/l1/x", weakness="toc")
    criterion = CriterionResult(rule_id="r/l1/x", level=1, description="d", met=True, passages=[passage])
    proposal = Proposal(framework="spbe-2020", pack_version="1", pack_hash="h", indicator_id="1", level=1,
                        confidence=0.5, criteria=[criterion])
    stored = proposal_row(proposal, []).criteria[0]["passages"][0]
    assert "weakness" not in stored and stored["quote"] == "isi"
