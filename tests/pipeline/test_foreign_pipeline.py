"""Evidence from another government, end to end: real extraction, matching and SQLite.

A folder for Kota Sukamaju holds Kabupaten Majujaya's SPBE regulation (generated, see
``tests/foreign_support.py``). Counted silently it lifts indicator 1 from 0 to 3; it must be set
aside and flagged instead, counted only once an assessor accepts it, and re-runs must keep both
the acceptance and the assessors' decisions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from foreign_support import FOREIGN_FILE, OTHER_REGION, OWN_REGION, make_mixed_folder
from sqlalchemy import func, select
from typer.testing import CliRunner

from cli.main import app
from pipeline.assess import assess_folder
from pipeline.foreign import given_region
from pipeline.models import AssessOptions
from pipeline.report import render_markdown, report_rows, set_aside
from pipeline.work import RunResult
from rules.loader import load_rule_pack
from store.acceptances import AcceptanceAction, add_acceptance
from store.db import get_engine, session_scope
from store.decisions import add_decision, latest_decisions
from store.models import Decision, Document, Run
from store.review_repo import ReviewStatus, add_user, review_state

INDICATOR = "1"  # Kebijakan Internal Arsitektur SPBE: only the foreign regulation supports it


def _assess(folder: Path, url: str, region: str | None = OWN_REGION) -> RunResult:
    return assess_folder(folder, AssessOptions(database_url=url, region=region, year=2024))  # type: ignore[return-value]


def _level(result: RunResult, indicator: str = INDICATOR) -> int:
    return next(p.level for p in result.proposals if p.indicator_id == indicator)


def _proposal(result: RunResult, indicator: str = INDICATOR):  # noqa: ANN202
    return next(p for p in result.proposals if p.indicator_id == indicator)


def _accept(url: str, submission_id: int, action: AcceptanceAction = AcceptanceAction.accept) -> None:
    engine = get_engine(url)
    with session_scope(engine) as session:
        document_id = session.scalar(select(Document.id).where(Document.submission_id == submission_id,
                                                               Document.name == FOREIGN_FILE))
        assert document_id is not None
        add_acceptance(session, submission_id, document_id, user="ani", action=action,
                       reason="Perbup dipakai bersama berdasarkan perjanjian kerja sama")
    engine.dispose()


def test_foreign_regulation_is_flagged_and_does_not_raise_the_level(tmp_path: Path, sqlite_url: str) -> None:
    folder = make_mixed_folder(tmp_path / "kota-sukamaju")
    result = _assess(folder, sqlite_url)
    assert _level(result) == 0
    assert result.reference_region == OWN_REGION
    (foreign,) = result.foreign
    assert foreign.name == FOREIGN_FILE and not foreign.accepted
    assert foreign.reason == (f"Dokumen dari {OTHER_REGION}, bukan {OWN_REGION} (wilayah pengajuan): "
                              "tidak dihitung sebagai bukti kecuali diterima penilai")
    proposal = _proposal(result)
    assert not any(p.file_name == FOREIGN_FILE for p in proposal.passages)
    (withheld,) = proposal.withheld
    assert withheld.file_name == FOREIGN_FILE and withheld.reason == foreign.reason
    assert withheld.level_with >= 2
    # nothing of the foreign document is cited anywhere; own documents are never withheld
    assert all(p.file_name != FOREIGN_FILE for q in result.proposals for p in q.passages)
    assert {w.file_name for q in result.proposals for w in q.withheld} == {FOREIGN_FILE}
    pack = load_rule_pack("spbe-2020")
    markdown = render_markdown(report_rows(result.proposals, pack.indicator_names()), result.index, "t", "s",
                               set_aside(result, pack))
    assert f"- {FOREIGN_FILE} — Dokumen dari {OTHER_REGION}" in markdown
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        assert session.get_one(Run, result.run_id).reference_region == OWN_REGION
    engine.dispose()


def test_foreign_documents_follow_the_submission_region(tmp_path: Path, sqlite_url: str) -> None:
    """The same folder assessed as Kabupaten Majujaya's: its regulation counts, Sukamaju's do not."""
    folder = make_mixed_folder(tmp_path / "campuran")
    result = _assess(folder, sqlite_url, region=OTHER_REGION)
    assert _level(result) >= 2
    assert {f.name for f in result.foreign} == {"03_SK-Tim-Koordinasi-SPBE.pdf",
                                                "06_Pengumuman-Lomba-Kebersihan.pdf"}


def test_foreign_without_a_region_only_a_clear_majority_decides(tmp_path: Path, sqlite_url: str) -> None:
    folder = make_mixed_folder(tmp_path / "tanpa-wilayah")
    (folder / "06_Pengumuman-Lomba-Kebersihan.pdf").unlink()  # one of ours, one of theirs: a tie
    tie = _assess(folder, sqlite_url, region=None)
    assert tie.reference_region is None and tie.foreign == []
    assert _level(tie) >= 2  # nothing is foreign, so the regulation counts
    other_db = f"sqlite:///{tmp_path / 'b2.db'}"
    majority = _assess(make_mixed_folder(tmp_path / "mayoritas"), other_db, region=None)
    assert majority.reference_region == OWN_REGION  # two of three documents are Kota Sukamaju's
    assert [f.name for f in majority.foreign] == [FOREIGN_FILE] and _level(majority) == 0


@pytest.mark.parametrize(
    ("path", "region", "expected"),
    [
        ("/inbox/kota-sukamaju/2024", None, "kota-sukamaju"),  # the <region>/<year> layout
        ("/inbox/kota-sukamaju/2024", "Kota Sukamaju", "Kota Sukamaju"),  # the option wins
        ("/data/bukti-sukamaju", None, None),  # a folder name alone is no region
    ],
)
def test_given_region_from_option_or_layout(path: str, region: str | None, expected: str | None) -> None:
    assert given_region(Path(path), AssessOptions(region=region)) == expected


def test_acceptance_counts_on_the_next_run_and_reruns_keep_it_and_decisions(
    tmp_path: Path, sqlite_url: str
) -> None:
    folder = make_mixed_folder(tmp_path / "kota-sukamaju")
    runner = CliRunner()
    cli = runner.invoke(app, ["assess", str(folder), "--db", sqlite_url, "--region", OWN_REGION,
                              "--year", "2024"], env={"COLUMNS": "250"})
    assert cli.exit_code == 0, cli.output
    assert f"Tidak dihitung sebagai bukti: {FOREIGN_FILE} — Dokumen dari {OTHER_REGION}" in cli.output
    assert "bila 07_Perbup-Majujaya-SPBE.pdf (wilayah lain) dihitung" in cli.output
    report = runner.invoke(app, ["report", "--db", sqlite_url], env={"COLUMNS": "250"})
    assert f"Tidak dihitung: {FOREIGN_FILE} — Dokumen dari {OTHER_REGION}" in report.output
    assert "(indikator 1, 2, 3," in report.output
    first = _assess(folder, sqlite_url)
    sid = first.submission_id
    assert _level(first) == 0 and first.work.proposals_added == 0  # same evidence: nothing rescored
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        add_user(session, "ani", "rahasia-uji-123", "assessor", [OWN_REGION])
        proposal_id = review_state(session, sid, INDICATOR).proposal.id  # type: ignore[union-attr]
        add_decision(session, sid, INDICATOR, action="confirm", user="ani", proposal_id=proposal_id)
        add_decision(session, sid, "19", action="override", level=2, reason="dicek di lokasi", user="ani")
    accepted = runner.invoke(app, ["review", "accept-document", "--submission", str(sid), "--file",
                                   FOREIGN_FILE, "--user", "ani", "--reason", "Perbup dipakai bersama",
                                   "--db", sqlite_url, "--password-stdin"], input="rahasia-uji-123\n")
    assert accepted.exit_code == 0, accepted.output
    assert "diterima sebagai bukti oleh ani" in accepted.output and "penilaian berikutnya" in accepted.output

    second = _assess(folder, sqlite_url)
    assert _level(second) >= 2 and second.work.rescored  # the acceptance changed the evidence
    (foreign,) = second.foreign
    assert foreign.accepted_by == "ani" and foreign.accepted_reason == "Perbup dipakai bersama"
    assert _proposal(second).withheld == []
    assert any(p.file_name == FOREIGN_FILE for p in _proposal(second).passages)
    with session_scope(engine) as session:
        decisions = latest_decisions(session, sid)
        assert (decisions[INDICATOR].level, decisions["19"].level) == (0, 2)  # never overwritten
        assert review_state(session, sid, INDICATOR).status is ReviewStatus.stale  # level changed since

    third = _assess(folder, sqlite_url)
    assert not third.work.rescored and third.work.proposals_added == 0  # nothing lost, nothing redone
    assert third.foreign[0].accepted and _level(third) == _level(second)

    _accept(sqlite_url, sid, AcceptanceAction.revoke)
    fourth = _assess(folder, sqlite_url)
    assert _level(fourth) == 0 and not fourth.foreign[0].accepted
    assert [w.file_name for w in _proposal(fourth).withheld] == [FOREIGN_FILE]
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Decision)) == 2
    engine.dispose()


def test_accept_document_cli_refuses_without_reason_or_for_own_documents(
    tmp_path: Path, sqlite_url: str
) -> None:
    result = _assess(make_mixed_folder(tmp_path / "kota-sukamaju"), sqlite_url)
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        add_user(session, "ani", "rahasia-uji-123", "assessor", [OWN_REGION])
        add_user(session, "vina", "rahasia-uji-123", "viewer", [OWN_REGION])
    engine.dispose()
    runner = CliRunner()

    def accept(*args: str) -> str:
        out = runner.invoke(app, ["review", "accept-document", "--submission", str(result.submission_id),
                                  *args, "--db", sqlite_url],
                            env={"COLUMNS": "250", "BUKTI_PASSWORD": "rahasia-uji-123"})
        assert out.exit_code != 0, out.output
        return out.output

    assert "alasan" in accept("--file", FOREIGN_FILE, "--user", "ani", "--reason", "  ")
    assert "tidak ditandai sebagai dokumen wilayah lain" in accept(
        "--file", "03_SK-Tim-Koordinasi-SPBE.pdf", "--user", "ani", "--reason", "milik sendiri")
    assert "hanya dapat melihat" in accept("--file", FOREIGN_FILE, "--user", "vina", "--reason", "x")
    assert "tidak ditemukan" in accept("--file", "tidak-ada.pdf", "--user", "ani", "--reason", "x")
    # the acceptance is a decision: the password is checked
    wrong = runner.invoke(app, ["review", "accept-document", "--submission", str(result.submission_id),
                                "--file", FOREIGN_FILE, "--user", "ani", "--reason", "x", "--db", sqlite_url,
                                "--password-stdin"], input="salah-sandi\n", env={"COLUMNS": "250"})
    assert wrong.exit_code == 7 and "kata sandi salah" in wrong.output
    listed = runner.invoke(app, ["review", "documents", "--submission", str(result.submission_id),
                                 "--db", sqlite_url], env={"COLUMNS": "250"})
    assert listed.exit_code == 0 and f"dari {OTHER_REGION}" in listed.output
