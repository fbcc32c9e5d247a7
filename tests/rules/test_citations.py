"""Citations shown to assessors: table-of-contents lines and problem statements are not content,
repeated passages are folded into one (rules/citations.py)."""

from __future__ import annotations

from core.models import Passage
from rules.citations import Weakness, curate, dedupe, weakness
from rules.text import make_quote

SHA = "a" * 64


def _passage(
    text: str, words: str, page: int = 1, location: str | None = None, rule: str = "r/l1/x"
) -> Passage:
    """A passage as ``rules.hits`` makes one: its weakness read from its page when it is made."""
    start = text.index(words)
    end = start + len(words)
    return Passage(sha256=SHA, file_name="x.pdf", page=page, start=start, end=end,
                   quote=make_quote(text, start, end), matched=words, rule_id=rule, location=location,
                   weakness=weakness(text, start, end, location))


TOC = (
    "DAFTAR ISI\n"
    "BAB I PENDAHULUAN ........................................ 1\n"
    "1.1 Latar Belakang ....................................... 2\n"
    "7. KEBIJAKAN INTERNAL PEMBANGUNAN APLIKASI SPBE.. 29\n"
    "7.1 Tujuan ............................................... 30\n"
    "8. KEBIJAKAN INTERNAL AUDIT TIK . . . . . . . . . . . . . 41\n"
)


def _weak(text: str, words: str, location: str | None = None) -> Weakness | None:
    p = _passage(text, words, location=location)
    return weakness(text, p.start, p.end, p.location)


def test_table_of_contents_lines_are_not_content() -> None:
    assert _weak(TOC, "PEMBANGUNAN APLIKASI") is Weakness.toc  # page number after two dots, on a TOC page
    assert _weak(TOC, "AUDIT TIK") is Weakness.toc  # spaced dot leaders
    assert _weak(TOC, "Latar Belakang") is Weakness.toc


def test_a_toc_page_is_recognised_without_its_title() -> None:
    page = (
        "8.3. Definisi ........................................ 41\n"
        "8.4. Aplikasi Umum Berbagi Pakai di Kementerian Koordinator Bidang\n"
        "Perekonomian.......................................... 42\n"
        "10.4. Tim Pengarah SPBE Kementerian 80\n"
        "10.5. Tim Koordinasi SPBE Kementerian Koordinator81\n"
        "11. KEBIJAKAN INTERNAL MANAJEMEN SPBE ................ 81\n"
    )
    assert _weak(page, "Aplikasi Umum") is Weakness.toc  # an entry wrapped onto the next line
    assert _weak(page, "Tim Koordinasi SPBE") is Weakness.toc  # page number glued to the last word


def test_numbers_at_line_ends_do_not_make_a_table_of_contents() -> None:
    table = "\n".join(f"{n}. Belanja aplikasi layanan {n} Rp 1.250.000" for n in range(1, 9))
    assert _weak(table, "aplikasi layanan 3") is None


def test_a_numbered_line_in_prose_is_content() -> None:
    text = ("Pasal 8\n(1) Aplikasi SPBE dibangun oleh Perangkat Daerah sesuai Arsitektur SPBE.\n"
            "(2) Pembangunan aplikasi dikoordinasikan oleh Dinas paling lambat tahun 2024\n")
    assert _weak(text, "Pembangunan aplikasi", "Pasal 8 ayat (2)") is None


def test_problem_statements_in_background_are_not_content() -> None:
    text = ("1.1 Latar Belakang\nPermasalahan ketiga adalah jangkauan infrastruktur TIK ke seluruh desa yang "
            "belum optimal. Pemerintah daerah menetapkan arsitektur SPBE sebagai acuan.")
    assert _weak(text, "infrastruktur TIK", "LAMPIRAN") is Weakness.problem
    assert _weak(text, "infrastruktur TIK") is Weakness.problem
    assert _weak(text, "arsitektur SPBE") is None  # the next sentence states content


def test_a_pasal_saying_belum_is_still_a_provision() -> None:
    text = "Pasal 9\nPerangkat daerah yang belum memiliki pusat data wajib menggunakan pusat data daerah."
    assert _weak(text, "pusat data daerah", "Pasal 9") is None


def test_repeated_passages_are_folded_with_their_words() -> None:
    text = ("(6) Domain Arsitektur meliputi: a. domain Arsitektur Proses Bisnis; b. domain Arsitektur Data "
            "dan Informasi; c. domain Arsitektur Aplikasi SPBE.")
    found = [_passage(text, w, location="Pasal 8 ayat (6)")
             for w in ("Arsitektur Proses Bisnis", "Arsitektur Data", "Arsitektur Aplikasi")]
    again = _passage(text, "Arsitektur Proses Bisnis", rule="r/topic")
    shown = dedupe([*found, again])
    assert len(shown) == 1
    words = ["Arsitektur Proses Bisnis", "Arsitektur Data", "Arsitektur Aplikasi"]
    assert shown[0].matched.split(" … ") == words
    cited = text[shown[0].start : shown[0].end]
    assert all(piece in cited for piece in shown[0].matched.split(" … "))


def test_passages_far_apart_or_on_other_pages_stay() -> None:
    filler = " ".join(["kalimat pengisi"] * 60)
    text = f"Pusat data dikelola dinas. {filler} Pusat data wajib diaudit."
    first = _passage(text, "Pusat data dikelola")
    second = _passage(text, "Pusat data wajib")
    other_page = _passage("Pusat data dikelola dinas sejak 2020.", "Pusat data dikelola", page=2)
    assert len(dedupe([first, second, other_page])) == 3


def test_curate_hides_weak_passages_only_when_content_exists() -> None:
    body = "Pasal 3\nAplikasi SPBE dibangun dengan berpedoman pada Arsitektur SPBE."
    toc = _passage(TOC, "PEMBANGUNAN APLIKASI", page=1)
    content = _passage(body, "Aplikasi SPBE", page=2, location="Pasal 3")
    assert toc.weakness == Weakness.toc and content.weakness is None
    assert curate([toc, content]) == [content]
    assert curate([toc]) == [toc]  # all there is: kept (and flagged where shown)
    assert curate([toc, content], limit=1) == [content]


def test_the_same_quote_on_a_repeated_page_is_shown_once() -> None:
    text = "Pasal 7\nSegala biaya dibebankan pada anggaran kementerian."
    first = _passage(text, "anggaran", page=7, location="Pasal 7")
    again = first.model_copy(update={"page": 8})
    assert dedupe([first, again]) == [first]


def test_a_procedure_step_with_belum_is_content() -> None:
    text = "3. Apabila berkas permohonan belum lengkap, petugas aplikasi mengembalikan berkas kepada pemohon."
    assert _weak(text, "petugas aplikasi") is None
    text = "Penanganan masalah jaringan dilakukan oleh admin pusat data setiap hari kerja."
    assert _weak(text, "pusat data") is None


def test_a_passage_folded_with_a_weak_neighbour_is_weak_as_its_widened_span_reads() -> None:
    text = ("Bappeda menetapkan data induk pembangunan daerah. "
            "Namun basis data belum terintegrasi antar perangkat daerah.")
    content = _passage(text, "data induk")
    problem = _passage(text, "basis data")
    assert content.weakness is None and problem.weakness == Weakness.problem
    merged = dedupe([content, problem])
    assert len(merged) == 1  # close by on one page: one quote shows both
    only = merged[0]
    # the widened span reads as the problem sentence it now covers, as the review screen reads it
    assert only.weakness == weakness(text, only.start, only.end, only.location) == Weakness.problem
    assert [p.weakness for p in curate([content, problem])] == [Weakness.problem]  # all there is: flagged
