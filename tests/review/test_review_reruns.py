"""Decisions are never lost: 20 pipeline re-runs over changing evidence leave every decision row intact."""

from __future__ import annotations

import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from review_support import EXAMPLES, add_accounts

from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from review.service import decide
from store.db import get_engine, session_scope
from store.review_repo import ChangeKind, ReviewStatus, get_user, review_state

RUNS = 20
OPERATIONS = ("modify", "add", "remove", "rename", "restore")


def _rows(db: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608 - fixed names


def _decide(url: str, submission_id: int, indicator: str, **kwargs: object) -> None:
    engine = get_engine(url)
    with session_scope(engine) as session:
        user = get_user(session, "ani")
        assert user is not None
        decide(session, submission_id, indicator, user, **kwargs)  # type: ignore[arg-type]
    engine.dispose()


def _new_pdf(path: Path, serial: int) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    lines = [
        f"KEPUTUSAN WALI KOTA SUKAMAJU NOMOR {100 + serial} TAHUN 2024",
        "TENTANG TIM KOORDINASI SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK",
        "Tim Koordinasi SPBE bertugas mengoordinasikan Arsitektur SPBE dan Peta Rencana SPBE.",
        f"Penyesuaian ke-{serial}.",
    ]
    for offset, line in enumerate(lines):
        pdf.drawString(60, 780 - 18 * offset, line)
    pdf.save()


class Evidence:
    """Mutates an evidence folder one step at a time: modify, add, remove, rename, restore."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder, self.rng, self.serial = folder, rng, 0
        self.removed: list[tuple[str, bytes]] = []

    def files(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.is_file())

    def apply(self, operation: str, target: Path | None = None) -> None:
        self.serial += 1
        pick = target or self.rng.choice(self.files())
        if operation == "modify" and pick.suffix == ".pdf":
            pick.write_bytes(
                pick.read_bytes() + f"\n% revisi {self.serial}\n".encode()
            )  # new sha256, same text
        elif operation == "modify" or operation == "add":
            _new_pdf(self.folder / f"tambahan-{self.serial:02d}.pdf", self.serial)
        elif operation == "remove" and len(self.files()) > 3:
            self.removed.append((pick.name, pick.read_bytes()))
            pick.unlink()
        elif operation == "rename":
            pick.rename(pick.with_name(f"{pick.stem}-r{self.serial}{pick.suffix}"))
        elif operation == "restore" and self.removed:
            name, content = self.removed.pop(0)
            (self.folder / name).write_bytes(content)


@pytest.mark.slow
def test_reruns_over_changing_evidence_never_change_decisions(tmp_path: Path) -> None:
    folder = tmp_path / "kota-sukamaju"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    db = tmp_path / "bukti.db"
    url = f"sqlite:///{db}"
    options = AssessOptions(database_url=url)
    sid = assess_folder(folder, options).submission_id
    add_accounts(url)
    _decide(url, sid, "1", action="confirm")
    _decide(url, sid, "2", action="override", level=1, reason="Perwali belum memuat peta rencana")
    _decide(url, sid, "12", action="override", level=3, reason="aplikasi diperiksa langsung")
    decisions, proposals = _rows(db, "decisions"), _rows(db, "proposals")
    evidence = Evidence(folder, random.Random(2024))
    perwali = folder / "01_Perwali-17-2024_SPBE.pdf"
    for run in range(RUNS):
        operation = OPERATIONS[run % len(OPERATIONS)]
        evidence.apply(operation, perwali if run == 0 else None)
        assert assess_folder(folder, options).submission_id == sid
        assert _rows(db, "decisions") == decisions, f"decisions changed after run {run + 1} ({operation})"
        assert _rows(db, "proposals")[: len(proposals)] == proposals, f"old proposals changed (run {run + 1})"
        if run == 0:  # the Perwali behind indicator 1 changed: the confirmation is stale, still in force
            status, kinds = _state(url, sid, "1")
            assert status is ReviewStatus.stale and ChangeKind.documents in kinds
        if run == 9:  # a decision taken mid-way is kept by later runs too
            _decide(url, sid, "3", action="confirm")
            decisions = _rows(db, "decisions")
    assert len(decisions) == 4
    # runs over changed evidence added proposals (only where a proposal differs: pipeline.finalize)
    assert len(_rows(db, "proposals")) > len(proposals)
    assert len({p.name for p in evidence.files()}) >= 3


def _state(url: str, sid: int, indicator: str) -> tuple[ReviewStatus, set[ChangeKind]]:
    engine = get_engine(url)
    with session_scope(engine) as session:
        state = review_state(session, sid, indicator)
        result = state.status, {c.kind for c in state.changes}
    engine.dispose()
    return result
