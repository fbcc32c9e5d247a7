"""Service indicators (32-45) proposed from what a document shows of the application (issue 10, class 4).

Screenshots (login, input, upload, approval screens), a user manual and an SOP whose steps run in
an application give informasi / interaksi / transaksi levels with the screen or step cited, and
the proposal keeps "verify in the live application" in its rationale instead of falling to 0.
The OCR test renders the screens as images, as regions upload them, and reads them with Tesseract.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rule_texts import build_document

from core.models import DocType, LegalStatus, TextMethod
from core.settings import ExtractOptions
from rules.engine import propose_for_document
from rules.rationale import CAPABILITY_NOTE
from rules.schema import RulePack

SCREENS = [
    ["E-KINERJA KABUPATEN CONTOH", "Login", "Username", "Password", "Masuk"],
    [
        "E-KINERJA   Dashboard   Aktivitas Harian   SKP   Logout",
        "Tambah Aktivitas",
        "Tanggal   Uraian Kegiatan   Output   Volume",
        "Simpan   Batal",
        "Upload bukti kegiatan (pdf/jpg)",
    ],
    [
        "E-KINERJA   Persetujuan Atasan",
        "Daftar aktivitas pegawai menunggu persetujuan",
        "Setujui   Tolak   Kembalikan",
        "Nilai capaian SKP dihitung otomatis",
    ],
]
MANUAL = (
    "PANDUAN PENGGUNAAN APLIKASI E-KINERJA\nBAB II MENU AKTIVITAS\n1. Pegawai login ke aplikasi e-kinerja "
    "dengan username dan password.\n2. Pilih menu Aktivitas Harian, klik tombol Tambah, isi uraian kegiatan "
    "lalu klik tombol Simpan.\n3. Unggah bukti kegiatan pada kolom lampiran."
)


def _service(proposals, indicator: str):
    return next(p for p in proposals if p.indicator_id == indicator)


def _screens_document(method: TextMethod = TextMethod.text_layer):
    pages = ["\n".join(lines) for lines in SCREENS]
    return build_document(
        pages,
        name="tangkapan-layar.pdf",
        doc_type=DocType.lainnya,
        status=LegalStatus.not_applicable,
        title=None,
        year=None,
        method=method,
        ocr_confidence=88.0 if method is TextMethod.ocr else None,
    )


def test_screenshots_of_login_input_and_approval_give_transaksi(spbe_pack: RulePack) -> None:
    proposal = _service(propose_for_document(_screens_document(), spbe_pack), "41")
    assert proposal.level == 3, proposal.rationale
    assert not proposal.needs_manual and CAPABILITY_NOTE in proposal.rationale
    assert {p.page for p in proposal.passages} >= {3}  # the approval screen is cited


def test_screenshots_without_approval_give_interaksi(spbe_pack: RulePack) -> None:
    pages = ["\n".join(lines) for lines in SCREENS[:2]]
    doc = build_document(pages, doc_type=DocType.lainnya, status=LegalStatus.not_applicable, title=None)
    assert _service(propose_for_document(doc, spbe_pack), "41").level == 2


def test_user_manual_steps_give_interaksi(spbe_pack: RulePack) -> None:
    doc = build_document(
        [MANUAL],
        name="panduan.pdf",
        doc_type=DocType.lainnya,
        status=LegalStatus.not_applicable,
        title="Panduan Penggunaan Aplikasi E-Kinerja",
    )
    proposal = _service(propose_for_document(doc, spbe_pack), "41")
    assert proposal.level == 2, proposal.rationale
    found = next(c for c in proposal.criteria if c.rule_id.endswith("/l2/interaction-functions")).found
    assert {"Akun/notifikasi", "Unggah dokumen"} <= set(found)


def test_team_decree_that_only_names_the_application_stays_informasi(spbe_pack: RulePack) -> None:
    text = (
        "KEPUTUSAN BUPATI CONTOH\nNOMOR 800/12/2023\nTENTANG\nTIM PENGELOLA APLIKASI E-KINERJA\n"
        "MEMUTUSKAN:\nMenetapkan :\nKESATU : Membentuk Tim Pengelola Aplikasi E-Kinerja dengan susunan "
        "sebagaimana tercantum dalam Lampiran.\nKEDUA : Tim bertugas membina penggunaan aplikasi e-kinerja "
        "dan melaporkan pelaksanaannya kepada Bupati.\nKETIGA : Biaya dibebankan pada APBD."
    )
    doc = build_document([text], doc_type=DocType.keputusan, title="Tim Pengelola Aplikasi E-Kinerja")
    assert _service(propose_for_document(doc, spbe_pack), "41").level == 1


@pytest.mark.ocr
@pytest.mark.slow
def test_rendered_screenshots_read_by_ocr_give_a_level(spbe_pack: RulePack, tmp_path: Path) -> None:
    """The same screens as images (how regions upload them), through extraction and Tesseract."""
    from core.errors import MissingDependencyError
    from extractors.api import extract_document
    from extractors.ocr.eval import find_font, render_text_page
    from extractors.ocr.tesseract import check_tesseract

    font = find_font()
    try:
        check_tesseract("ind")
    except MissingDependencyError as e:  # a machine without Tesseract skips; CI installs it
        pytest.skip(str(e))
    if font is None:
        pytest.skip("no DejaVu font to render screens with")
    images = [render_text_page(lines, font_path=font, font_pt=14) for lines in SCREENS]
    path = tmp_path / "layar.pdf"
    images[0].save(path, save_all=True, append_images=images[1:], resolution=300)
    document = extract_document(path, ExtractOptions())
    assert all(p.method is TextMethod.ocr for p in document.pages)
    proposal = _service(propose_for_document(document, spbe_pack), "41")
    assert proposal.level >= 2, (proposal.rationale, [p.text[:80] for p in document.pages])
    assert not proposal.needs_manual
