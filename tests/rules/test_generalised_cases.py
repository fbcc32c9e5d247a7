"""Special cases of single documents, generalised (issue 10, failure class 7)."""

from __future__ import annotations

from rule_texts import build_document

from core.models import DocType, LegalStatus
from rules.doc_classes import non_evidence_class
from rules.engine import propose_for_document
from rules.schema import RulePack


def test_title_words_are_matched_from_their_start_not_inside_other_words(spbe_pack: RulePack) -> None:
    """'lembaga' names an agency; 'kelembagaan' (institutional set-up) does not."""
    for_all = "Penguatan Kelembagaan dan Tata Laksana Pemerintahan Berbasis Elektronik"
    assert non_evidence_class("peraturan_menteri", "enacted", for_all, spbe_pack) == "national_regulation"
    own = "Sistem Pemerintahan Berbasis Elektronik di Lingkungan Lembaga Administrasi Negara"
    assert non_evidence_class("peraturan_lembaga", "enacted", own, spbe_pack) is None
    ministry = "Sistem Pemerintahan Berbasis Elektronik di Kemenkes"  # "kemen" still starts "Kemenkes"
    assert non_evidence_class("peraturan_menteri", "enacted", ministry, spbe_pack) is None


def _minutes(title: str, agenda: str):
    text = (
        f"NOTULEN RAPAT\n{title.upper()}\nHari/tanggal : Selasa, 12 Maret 2024\n"
        "Pimpinan rapat : Sekretaris Daerah\n"
        f"Peserta : anggota Tim Koordinasi SPBE dan perangkat daerah\nAgenda : {agenda}\n"
        "Hasil rapat: 1. Tim koordinasi menyepakati jadwal penyusunan bukti dukung. 2. Perangkat daerah "
        "melaporkan kemajuan kepada tim koordinasi SPBE setiap bulan."
    )
    return build_document(
        [text],
        name="notulen.pdf",
        doc_type=DocType.notulen_undangan,
        status=LegalStatus.not_applicable,
        title=title,
    )


def test_any_meeting_on_spbe_is_tim_koordinasi_activity(spbe_pack: RulePack) -> None:
    """Not only 'rapat evaluasi SPBE': a meeting on SPBE is worded many ways."""
    for title, agenda in [
        ("Rapat Pembahasan Persiapan Evaluasi SPBE", "pembahasan persiapan SPBE tahun 2024"),
        ("Rapat Koordinasi Penerapan SPBE", "koordinasi penerapan SPBE"),
        ("Rapat Tindak Lanjut Hasil Pemantauan Sistem Pemerintahan Berbasis Elektronik", "tindak lanjut"),
    ]:
        proposal = next(
            p for p in propose_for_document(_minutes(title, agenda), spbe_pack) if p.indicator_id == "19"
        )
        assert proposal.level >= 1, (title, proposal.rationale)
