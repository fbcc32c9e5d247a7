"""Text cleanup: page numbers, running headers, hyphenation, whitespace."""

from __future__ import annotations

import pytest

from core.models import PageText, TextMethod
from extractors.text import (
    clean_page_texts,
    clean_pages,
    is_page_number_line,
    join_hyphenated,
    normalize_text,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("-2-", True),
        ("- 2 -", True),
        ("– 12 –", True),
        ("_10_", True),
        ("-10", True),
        ("Halaman 2 dari 10", True),
        ("Hal. 3", True),
        ("halaman | 4", True),
        ("Page 7 of 9", True),
        ("2 dari 10", True),
        ("2", False),
        ("Pasal 2", False),
        ("- Pasal 2 -", False),
        ("2019 - 2024", False),
        ("a. bahwa", False),
        ("-", False),
    ],
)
def test_is_page_number_line(line: str, expected: bool) -> None:
    assert is_page_number_line(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("penyelenggaraan pemerin-\ntahan daerah", "penyelenggaraan pemerintahan daerah"),
        ("oleh masing-\nmasing OPD", "oleh masing-masing OPD"),
        ("peraturan perundang-\nundangan", "peraturan perundang-undangan"),
        ("sebaik-\nbaiknya", "sebaik-baiknya"),
        ("Undang-\nUndang Nomor 5", "Undang-Undang Nomor 5"),
        ("layanan e-\ngovernment", "layanan e-government"),
        ("tahun 2019-\n2024", "tahun 2019-\n2024"),  # digits: not a word break
        ("Nama -\nJabatan", "Nama -\nJabatan"),  # spaced dash is not hyphenation
        ("kese-\nlamatan kerja", "keselamatan kerja"),
    ],
)
def test_join_hyphenated(text: str, expected: str) -> None:
    assert join_hyphenated(text) == expected


def test_normalize_text_whitespace_and_markers() -> None:
    raw = "  BAB  I \r\n\r\n\r\n\r\nKETENTUAN\tUMUM \r\nmasing\ufffemasing  ﬁle\u200b\u00a0x\r\n\r\n"
    assert normalize_text(raw) == "BAB I\n\nKETENTUAN UMUM\nmasing-\nmasing file x"


_BODIES = (
    "Arsitektur SPBE disusun.",
    "Peta rencana ditetapkan.",
    "Tim koordinasi dibentuk.",
    "Audit TIK dilaksanakan.",
    "Data dibagipakaikan.",
    "Layanan publik terintegrasi.",
)


def _pages(count: int, body: str, header: str = "", footer: str = "") -> list[str]:
    return [
        "\n".join(x for x in (header.format(n=n), f"{body} {_BODIES[n - 1]}", footer.format(n=n)) if x)
        for n in range(1, count + 1)
    ]


def test_clean_page_texts_removes_running_header_but_keeps_first() -> None:
    texts = _pages(5, "Isi", header="Rencana Induk SPBE 2019-2024 Page {n}")
    cleaned = clean_page_texts(texts)
    assert cleaned[0].startswith("Rencana Induk SPBE 2019-2024 Page 1")
    assert all("Rencana Induk" not in t for t in cleaned[1:])
    assert all(_BODIES[n] in t for n, t in enumerate(cleaned))


def test_clean_page_texts_keeps_lines_repeated_on_few_pages() -> None:
    texts = _pages(6, "Isi")
    texts[1] += "\nJawaban: pilih tingkat 1"
    texts[3] += "\nJawaban: pilih tingkat 1"
    assert clean_page_texts(texts)[3].endswith("Jawaban: pilih tingkat 1")


def test_clean_page_texts_never_drops_headings() -> None:
    texts = [f"Pasal {n}\n{_BODIES[n]}" for n in range(1, 6)]
    assert clean_page_texts(texts) == texts


@pytest.mark.parametrize("decorate", ["-{n}-", "- {n} -", "Halaman {n} dari 4"])
def test_clean_page_texts_removes_decorated_page_numbers(decorate: str) -> None:
    texts = _pages(4, "Isi", header=decorate)
    assert clean_page_texts(texts) == [f"Isi {b}" for b in _BODIES[:4]]


def test_clean_page_texts_removes_bare_numbers_in_step_with_pages() -> None:
    texts = [f"{n - 2}\n{_BODIES[n - 1]}\n{n * 7}" for n in range(3, 7)]  # printed numbers start at 1
    assert clean_page_texts(texts) == [f"{_BODIES[n - 1]}\n{n * 7}" for n in range(3, 7)]


def test_clean_page_texts_keeps_bare_numbers_out_of_step() -> None:
    # table values at page ends, not page numbers
    texts = [f"{b}\n{v}" for b, v in zip(_BODIES[:3], ("12", "3", "40"), strict=True)]
    assert clean_page_texts(texts) == texts


def test_clean_page_texts_roman_front_matter() -> None:
    texts = ["i\nKATA PENGANTAR", "ii\nDAFTAR ISI", "iii\nDAFTAR GAMBAR", "1\nBAB I", "2\nIsi"]
    assert clean_page_texts(texts) == ["KATA PENGANTAR", "DAFTAR ISI", "DAFTAR GAMBAR", "BAB I", "Isi"]


def test_clean_page_texts_is_deterministic_and_idempotent() -> None:
    texts = _pages(5, "Pemerin-\ntahan", header="-{n}-", footer="Perbup Contoh Nomor 7")
    once = clean_page_texts(texts)
    assert once == clean_page_texts(list(texts))
    assert clean_page_texts(once) == once


def test_clean_pages_keeps_everything_but_text() -> None:
    page = PageText(number=3, text="-3-\nIsi", method=TextMethod.ocr, ocr_confidence=80.0, tables=[[["a"]]])
    (cleaned,) = clean_pages([page])
    assert cleaned == page.model_copy(update={"text": "Isi"})


def _join_hyphenated_before(text: str) -> str:
    """The expression without its word-start look-behind and guard (what it replaced)."""
    import re

    from extractors.text import _LETTER, _keeps_hyphen

    def _join(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        return f"{left}-{right}" if _keeps_hyphen(left, right) else f"{left}{right}"

    return re.sub(rf"({_LETTER}+)-\n[ \t]*({_LETTER}+)", _join, text)


_HYPHEN_PARTS = ["peng", "elolaan", "masing", "-", "-\n", "-\n ", "-\n\t", "\n", " ", "e", "Govern", "ment",
                 "2020", "_", "x1", "é", "ñandú", "Ä", "Undang", "undang", "--\n", "per", "undang-", "an",
                 "ß"]


@pytest.mark.parametrize("seed", range(60))
def test_join_hyphenated_same_as_before_on_generated_text(seed: int) -> None:
    import random

    rng = random.Random(seed)
    text = "".join(rng.choice(_HYPHEN_PARTS) for _ in range(rng.randint(0, 80)))
    assert join_hyphenated(text) == _join_hyphenated_before(text)


def test_join_hyphenated_same_as_before_on_corpus_pages(corpus_dir) -> None:  # noqa: ANN001
    import pypdfium2 as pdfium

    from extractors.text import normalize_text

    pdfs = sorted(corpus_dir.rglob("*.pdf"))[:25]
    assert pdfs
    joined = 0
    for path in pdfs:
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(min(len(pdf), 40)):
                text = normalize_text(pdf[index].get_textpage().get_text_range())
                assert join_hyphenated(text) == _join_hyphenated_before(text), (path.name, index)
                joined += join_hyphenated(text) != text
        finally:
            pdf.close()
    assert joined  # some corpus pages have words hyphenated across lines
