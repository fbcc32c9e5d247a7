"""Normalised document text: page mapping, zones (preamble, definitions, references), headings."""

from __future__ import annotations

import pytest

from core.models import PageText, TextMethod
from rules.text import Zone, build_doc_text, make_quote


def _pages(*texts: str) -> list[PageText]:
    return [PageText(number=i + 1, text=t, method=TextMethod.text_layer) for i, t in enumerate(texts)]


def test_text_whitespace_collapses_and_maps_back_to_pages() -> None:
    pages = _pages("Pusat\r\n  Data ada", "di halaman\tdua")
    doc = build_doc_text(pages)
    assert doc.text == "Pusat Data ada di halaman dua"
    index = doc.text.index("halaman")
    assert doc.page_offset(index) == (2, pages[1].text.index("halaman"))
    assert doc.page_offset(doc.text.index("Data")) == (1, pages[0].text.index("Data"))


def test_text_offsets_map_every_character_back() -> None:
    """Leading, trailing and repeated whitespace, an empty page, a page starting with spaces."""
    pages = _pages("  a\u00adb \t\n c ", "", "\n\nMenimbang x", "z")
    doc = build_doc_text(pages)
    assert doc.text == " a-b c Menimbang x z"
    assert doc.page_starts == [0, 7, 7, 19] and len(doc.offsets) == len(doc.text)
    # a whitespace run maps to its first character; the page separator to the previous page's last
    assert [doc.page_offset(i) for i in range(len(doc.text))] == [
        (1, 0), (1, 2), (1, 3), (1, 4), (1, 5), (1, 9), (1, 10),
        (3, 2), (3, 3), (3, 4), (3, 5), (3, 6), (3, 7), (3, 8), (3, 9), (3, 10), (3, 11), (3, 12),
        (3, 12), (4, 0),
    ]


def test_text_soft_hyphen_marks_become_hyphens() -> None:
    assert (
        build_doc_text(_pages("Undang\ufffeUndang dan masing\u00admasing")).text
        == "Undang-Undang dan masing-masing"
    )


PERBUP = """PERATURAN BUPATI CONTOH
TENTANG
ARSITEKTUR SPBE
Menimbang : a. bahwa Arsitektur SPBE perlu diatur;
Mengingat : 1. Peraturan Presiden Nomor 95 Tahun 2018;
MEMUTUSKAN:
Menetapkan : PERATURAN BUPATI TENTANG ARSITEKTUR SPBE.
Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Arsitektur SPBE adalah kerangka dasar.
2. SKPD adalah satuan kerja.
Pasal 2
Arsitektur SPBE disusun oleh Diskominfo.
"""

MANUAL = """3. KEBIJAKAN INTERNAL LAYANAN HOSTING
3.1. Dasar Hukum
1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Arsitektur SPBE;
3.2. Pendahuluan
Hosting disediakan untuk unit kerja.
3.3. Definisi
1. Konten adalah isi situs.
3.4. Ketentuan Umum
Pusat data disediakan untuk setiap unit kerja.
"""


@pytest.mark.parametrize(
    ("text", "needle", "zone"),
    [
        (PERBUP, "bahwa Arsitektur SPBE", Zone.preamble),
        (PERBUP, "Peraturan Presiden Nomor 95", Zone.preamble),
        (PERBUP, "kerangka dasar", Zone.definitions),
        (PERBUP, "satuan kerja", Zone.definitions),  # "2. SKPD adalah" does not end the zone
        (PERBUP, "disusun oleh Diskominfo", Zone.body),
        (PERBUP, "ARSITEKTUR SPBE\nMenimbang", Zone.body),  # the title before Menimbang is body
        (MANUAL, "tentang Arsitektur SPBE", Zone.references),
        (MANUAL, "Hosting disediakan", Zone.body),
        (MANUAL, "isi situs", Zone.definitions),
        (MANUAL, "Pusat data disediakan", Zone.body),
    ],
)
def test_text_zones(text: str, needle: str, zone: Zone) -> None:
    doc = build_doc_text(_pages(text))
    first_word = needle.split()[0]
    index = doc.text.index(" ".join(needle.split())) if "\n" not in needle else doc.text.index(first_word)
    assert doc.zone_at(index) is zone


def test_text_reference_zone_is_capped() -> None:
    sop = "Dasar hukum :\n" + "\n".join(f"baris prosedur {i}" for i in range(80))
    doc = build_doc_text(_pages(sop))
    assert doc.zone_at(doc.text.index("baris prosedur 3 ")) is Zone.references
    assert doc.zone_at(doc.text.index("baris prosedur 79")) is Zone.body


@pytest.mark.parametrize(
    ("text", "needle", "heading"),
    [
        ("Bagian Ketiga\nArsitektur Sistem Pemerintahan Berbasis Elektronik\nPasal 8", "Arsitektur", True),
        ("BAB VI\nAUDIT TEKNOLOGI INFORMASI DAN KOMUNIKASI\nPasal 42", "AUDIT", True),
        ("6.3. Kebijakan pusat data\n1. Kementerian menyediakan", "Kebijakan", True),
        ("(1) Arsitektur SPBE disusun dengan berpedoman pada\nArsitektur SPBE Nasional.", "disusun", False),
        ("b. arsitektur SPBE;\nc. peta rencana SPBE;", "arsitektur", False),
    ],
)
def test_text_headings(text: str, needle: str, heading: bool) -> None:
    doc = build_doc_text(_pages(text))
    assert doc.in_heading(doc.text.index(needle)) is heading


def test_text_quote_cuts_on_word_boundaries() -> None:
    text = " ".join(f"kata{i}" for i in range(100))
    start = text.index("kata50")
    quote = make_quote(text, start, start + len("kata50"), width=60)
    assert quote.startswith("… kata") and quote.endswith(" …")
    assert "kata50" in quote
    assert all(word.startswith("kata") or word == "…" for word in quote.split())
    assert make_quote("pendek saja", 0, 6) == "pendek saja"
