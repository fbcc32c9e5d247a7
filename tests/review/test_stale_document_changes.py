"""A file edited in place is one file that changed, not one document added and one lost."""

from __future__ import annotations

import shutil
from pathlib import Path

from review_support import EXAMPLES, add_accounts

from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from review.service import decide
from store.db import get_engine, session_scope
from store.document_changes import DocumentFacts, describe_document_changes
from store.review_repo import ChangeKind, ReviewStatus, get_user, review_state

OLD, NEW, OTHER = "a" * 64, "b" * 64, "c" * 64


def _facts(path: str, pages: int, identity: str, name: str | None = None) -> DocumentFacts:
    return DocumentFacts(name or Path(path).name, path, pages, identity, "Judul")


def test_same_path_new_content_reads_as_changed_with_what_changed() -> None:
    facts = {
        OLD: _facts("/b/perwali.pdf", 3, "Peraturan Wali Kota Nomor 17 Tahun 2024 (Ditetapkan)"),
        NEW: _facts("/b/perwali.pdf", 4, "Peraturan Wali Kota Nomor 18 Tahun 2024 (Ditetapkan)"),
        OTHER: _facts("/b/notulen.docx", 1, ""),
    }
    notes = describe_document_changes([OLD], [NEW, OTHER], facts)
    assert notes == [
        "dokumen pendukung berubah: perwali.pdf (isi berkas (sha256 aaaaaaaa… → bbbbbbbb…), "
        "jumlah halaman 3 → 4, identitas Peraturan Wali Kota Nomor 17 Tahun 2024 (Ditetapkan) → "
        "Peraturan Wali Kota Nomor 18 Tahun 2024 (Ditetapkan))",
        "dokumen pendukung baru: notulen.docx",
    ]


def test_different_files_stay_new_and_missing() -> None:
    facts = {OLD: _facts("/b/lama.pdf", 2, ""), NEW: _facts("/b/baru.pdf", 2, "")}
    assert describe_document_changes([OLD], [NEW], facts) == [
        "dokumen pendukung baru: baru.pdf", "dokumen pendukung hilang: lama.pdf"]


def test_moved_file_with_new_content_pairs_by_name() -> None:
    facts = {OLD: _facts("/b/2023/sk.pdf", 2, "Keputusan"), NEW: _facts("/b/2024/sk.pdf", 2, "Keputusan")}
    assert describe_document_changes([OLD], [NEW], facts) == [
        "dokumen pendukung berubah: sk.pdf (isi berkas (sha256 aaaaaaaa… → bbbbbbbb…))"]


def test_edited_regulation_makes_its_decision_stale_as_changed(tmp_path: Path) -> None:
    folder = tmp_path / "kota-sukamaju"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    url = f"sqlite:///{tmp_path / 'bukti.db'}"
    options = AssessOptions(database_url=url)
    sid = assess_folder(folder, options).submission_id
    add_accounts(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        decide(session, sid, "1", get_user(session, "ani"), action="confirm")  # type: ignore[arg-type]
    perwali = folder / "01_Perwali-17-2024_SPBE.pdf"
    perwali.write_bytes(perwali.read_bytes() + b"\n% revisi\n")  # new content hash, same text
    assess_folder(folder, options)
    with session_scope(engine) as session:
        state = review_state(session, sid, "1")
        notes = [c.detail for c in state.changes if c.kind is ChangeKind.documents]
    engine.dispose()
    assert state.status is ReviewStatus.stale
    assert len(notes) == 1
    assert notes[0].startswith("dokumen pendukung berubah: 01_Perwali-17-2024_SPBE.pdf (isi berkas")
    assert "baru" not in notes[0] and "hilang" not in notes[0]
