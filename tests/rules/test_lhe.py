"""LHE parsing on hand-written page texts in the layouts seen in published reports."""

from __future__ import annotations

import pytest

from rules.lhe import check_report, parse_lhe_pages
from rules.schema import RulePack
from rules.scoring import compute_index

INDEX_PAGE = """INDEKS SPBE – PEMERINTAH KOTA CONTOH
{index}
({predicate})
Nilai Indeks SPBE, Domain, dan Aspek
Nama Indeks Nilai 2024
SPBE {index}
Domain Kebijakan SPBE 2,90
Kebijakan Internal Tata
Kelola SPBE 2,90
Domain Tata Kelola SPBE 2,40
Layanan Administrasi
Pemerintahan Berbasis
Elektronik
3,90
Kekuatan dan Kelemahan
A. Kebijakan Internal Tata Kelola SPBE
"""

NAMES = ["Kebijakan Internal Arsitektur SPBE Instansi Pusat/Pemerintah Daerah", "Layanan Publik Sektor 1"]


def _row(number: int, level: int, layout: str) -> str:
    name = f"Tingkat Kematangan {NAMES[number % 2]}"
    if layout == "inline":  # "3 Tingkat Kematangan ... 2"
        return f"{number} {name} {level}"
    if layout == "number-alone":  # "3" / "Tingkat Kematangan ...Instansi" / "Pusat/Pemerintah Daerah 2"
        return f"{number}\n{name[:40]}\n{name[40:]} {level}"
    return f"{number} {name}\n{level}"  # level alone on the next line


def _table(levels: list[int], layout: str, split_at: int = 20) -> list[str]:
    rows = [_row(n, lvl, layout) for n, lvl in enumerate(levels, start=1)]
    head = "Perolehan Nilai Tingkat Kematangan Indikator\nTarget nilai tingkat kematangan adalah 3 (tiga)\n"
    head += "No Indikator\nNilai Tingkat\nKematangan\n2024\n"
    return [head + "\n".join(rows[:split_at]), "\n".join(rows[split_at:]), "Deputi Bidang\n2024\n3"]


@pytest.mark.parametrize("layout", ["inline", "number-alone", "level-below"])
def test_lhe_levels_in_every_layout(layout: str) -> None:
    levels = [(n * 7) % 5 + 1 for n in range(47)]
    levels[0] = 2  # row 1 at level 2: a lone "2" must not be read as the start of row 2
    parsed = parse_lhe_pages(["Sampul", *_table(levels, layout)])
    assert parsed.levels == {str(n): lvl for n, lvl in enumerate(levels, start=1)}
    assert parsed.framework == "59/2020"


def test_lhe_index_block_and_named_values() -> None:
    parsed = parse_lhe_pages(
        ["LAPORAN HASIL EVALUASI SPBE\nTAHUN 2024", INDEX_PAGE.format(index="2,98", predicate="Baik")]
    )
    assert (parsed.index, parsed.predicate, parsed.year) == (2.98, "Baik", 2024)
    assert parsed.domain_indices == [2.9, 2.4]
    assert parsed.aspect_indices == [2.9, 3.9]
    assert not parsed.complete  # no indicator table


def test_lhe_year_ignores_cited_regulations() -> None:
    text = "Peraturan Presiden Nomor 95 Tahun 2018 dan Nomor 59 Tahun 2020\nEvaluasi SPBE Tahun 2023"
    assert parse_lhe_pages([text]).year == 2023


def test_lhe_document_without_a_table_gives_nothing() -> None:
    parsed = parse_lhe_pages(["PERATURAN BUPATI\nPasal 1\n1 Tingkat Kematangan 3"])
    assert parsed.levels == {} and parsed.index is None and parsed.framework is None


def test_lhe_check_recomputes_index_with_the_pack(spbe_pack: RulePack) -> None:
    levels = [(n * 3) % 5 + 1 for n in range(47)]
    expected = compute_index({str(n): lvl for n, lvl in enumerate(levels, start=1)}, spbe_pack)
    printed = f"{expected.total:.2f}".replace(".", ",")
    pages = [INDEX_PAGE.format(index=printed, predicate=expected.predicate), *_table(levels, "inline")]
    parsed = parse_lhe_pages(pages)
    check = check_report(parsed, spbe_pack)
    assert check.index_matches and check.recomputed_predicate == parsed.predicate
    wrong = parsed.model_copy(update={"index": round(expected.total + 0.1, 2)})
    assert not check_report(wrong, spbe_pack).index_matches


def test_lhe_check_refuses_other_frameworks(spbe_pack: RulePack) -> None:
    parsed = parse_lhe_pages([INDEX_PAGE.format(index="3,30", predicate="Baik"), *_table([3] * 37, "inline")])
    assert parsed.framework == "5/2018"
    with pytest.raises(ValueError, match="37 indicator rows"):
        check_report(parsed, spbe_pack)
