"""Real drafting and naming-vs-containing (issue 10, failure classes 2 and 3).

Cross-references and OCR'd marker columns between a subject and its verb, affixed forms of the
words a rule names, and tables of contents that name every chapter without containing it.
"""

from __future__ import annotations

from rule_texts import build_document, regulation

from core.models import DocType, LegalStatus, PageText, TextMethod
from rules.engine import propose_for_document
from rules.normalise import FILLER, mask_drafting
from rules.schema import RulePack
from rules.stems import stem
from rules.text import Zone, build_doc_text

ROADMAP_ARTICLE = (
    "BAB III PETA RENCANA SPBE\nPasal 6\n"
    "(1) Peta Rencana SPBE sebagaimana dimaksud dalam Pasal 3 ayat (3) huruf b memuat:\n"
    "a. Tata Kelola SPBE;\nb. Manajemen SPBE;\nc. Layanan SPBE;\nd. Infrastruktur SPBE;\n"
    "e. Aplikasi SPBE;\nf. Keamanan SPBE; dan\ng. Audit Teknologi Informasi dan Komunikasi.\n"
    "(2) Peta Rencana SPBE sebagaimana dimaksud pada ayat (1) disusun dalam bentuk program dan kegiatan "
    "SPBE untuk jangka waktu 5 (lima) tahun.\n(3) Peta Rencana SPBE ditetapkan oleh Bupati.\n"
)


def _indicator(document, pack: RulePack, indicator: str):
    return next(p for p in propose_for_document(document, pack) if p.indicator_id == indicator)


def test_mask_drafting_keeps_length_and_single_markers() -> None:
    text = "Peta Rencana SPBE sebagaimana dimaksud dalam Pasal 3 ayat (3) huruf b memuat: a. Tata"
    masked = mask_drafting(text)
    assert len(masked) == len(text)
    assert masked.startswith("Peta Rencana SPBE ~") and masked.endswith(" memuat: a. Tata")
    assert "Pasal" not in masked
    column = "berikut (4) (5) (6) (1) (2) Peta Rencana"
    assert mask_drafting(column) == "berikut " + FILLER * len("(4) (5) (6) (1) (2)") + " Peta Rencana"
    assert mask_drafting("a. satu b. dua") == "a. satu b. dua"  # list items stay told apart
    assert mask_drafting("sebagaimana dimaksud dalam Peraturan Bupati") == (
        "sebagaimana dimaksud dalam Peraturan Bupati"  # a cited document stays a citation cue
    )


def test_cross_reference_between_subject_and_verb_still_regulates_contents(spbe_pack: RulePack) -> None:
    doc = build_document([regulation(ROADMAP_ARTICLE)], title="Sistem Pemerintahan Berbasis Elektronik")
    proposal = _indicator(doc, spbe_pack, "2")
    contents = next(c for c in proposal.criteria if c.rule_id.endswith("/l3/contents"))
    assert contents.met, contents.missing
    assert proposal.level == 3


def test_ocr_marker_column_between_subject_and_verb(spbe_pack: RulePack) -> None:
    """OCR of a two-column scan puts the ayat numbers in a column of their own."""
    text = ROADMAP_ARTICLE.replace(
        "(1) Peta Rencana SPBE sebagaimana dimaksud dalam Pasal 3 ayat (3) huruf b",
        ("Peta Rencana SPBE\n\n(4)\n\n(5)\n\n(6)\n\n(1)\n(2)\n\n(3)"),
    )
    doc = build_document([regulation(text)], title="Sistem Pemerintahan Berbasis Elektronik")
    contents = next(c for c in _indicator(doc, spbe_pack, "2").criteria if c.rule_id.endswith("/l3/contents"))
    assert contents.met, contents.missing


def test_stems_join_affixed_forms() -> None:
    assert stem("menerapkan") == stem("diterapkan") == stem("penerapan") == "terap"
    assert stem("menginputkan") == stem("penginputan") == stem("input")  # loanword roots added to Sastrawi
    assert stem("diverifikasi") == "verifikasi"
    assert stem("TIK".lower()) == "tik"  # short words are kept


def test_lifecycle_written_with_other_words(spbe_pack: RulePack) -> None:
    body = (
        "BAB V APLIKASI SPBE\nPasal 18\n(1) Pembangunan aplikasi SPBE dilaksanakan berdasarkan siklus "
        "pengembangan sistem yang meliputi tahap: a. perencanaan, b. analisis, c. pembangunan dan/atau "
        "pengembangan, d. penerapan, dan e. pemeliharaan.\n(2) Aplikasi yang telah diterapkan dievaluasi "
        "setiap tahun.\n(3) Pembangunan aplikasi dikoordinasikan dengan Dinas Komunikasi dan Informatika.\n"
    )
    doc = build_document([regulation(body)], title="Sistem Pemerintahan Berbasis Elektronik")
    proposal = _indicator(doc, spbe_pack, "4")
    lifecycle = next(c for c in proposal.criteria if c.rule_id.endswith("/l3/lifecycle"))
    assert lifecycle.met, lifecycle.missing
    assert {"Implementasi/penerapan", "Rancang bangun/desain/pembangunan"} <= set(lifecycle.found)
    assert proposal.level == 3


def _architecture_plan(toc_only: bool):
    domains = ["Proses Bisnis", "Data dan Informasi", "Infrastruktur", "Aplikasi", "Keamanan", "Layanan"]
    toc = "DAFTAR ISI\n" + "\n".join(
        f"BAB {n + 2} ARSITEKTUR {d.upper()} {'.' * 20} {n * 5 + 10}" for n, d in enumerate(domains)
    )
    described = domains[:2] if toc_only else domains
    body = "\n".join(
        f"ARSITEKTUR {d.upper()}\nArsitektur {d} menguraikan kondisi saat ini, kondisi target dan "
        "peta jalan. "
        * 3
        for d in described
    )
    filler = "Bagian ini menguraikan gambaran umum daerah dan kondisi geografis. " * 250
    pages = [
        toc,
        "REFERENSI ARSITEKTUR\nReferensi arsitektur mengacu pada Arsitektur SPBE Nasional.\n" + body,
        filler,
    ]
    return build_document(
        pages,
        name="arsitektur.pdf",
        doc_type=DocType.rencana_induk,
        status=LegalStatus.not_applicable,
        title="Arsitektur SPBE Kabupaten Contoh",
    )


def test_table_of_contents_names_chapters_without_containing_them(spbe_pack: RulePack) -> None:
    assert _indicator(_architecture_plan(toc_only=False), spbe_pack, "11").level == 3
    partial = _indicator(_architecture_plan(toc_only=True), spbe_pack, "11")
    assert partial.level == 2, partial.next_level_missing


def test_contents_zone_and_no_headings_in_it() -> None:
    pages = [
        PageText(
            number=1,
            text="DAFTAR ISI\nBAB I PENDAHULUAN 1\nBAB II ARSITEKTUR DATA ........ 12",
            method=TextMethod.text_layer,
        ),
        PageText(number=2, text="BAB II ARSITEKTUR DATA\nIsi bab.", method=TextMethod.text_layer),
    ]
    doc = build_doc_text(pages)
    toc_at = doc.text.index("ARSITEKTUR DATA")
    body_at = doc.text.index("ARSITEKTUR DATA", toc_at + 1)
    assert doc.zone_at(toc_at) is Zone.contents and not doc.in_heading(toc_at)
    assert doc.zone_at(body_at) is Zone.body and doc.in_heading(body_at)
