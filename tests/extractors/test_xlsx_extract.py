"""XLSX extraction: one page per non-empty sheet, rows as `` | `` lines and tables, caps, bad files."""

from __future__ import annotations

import sys
import zipfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from office_samples import make_xlsx, make_zip

from core.errors import CorruptFileError, MissingDependencyError
from core.models import DocumentStatus, ExtractedDocument, TextMethod
from extractors.api import extract_document
from extractors.formats import xlsx

RKA = [
    ["RENCANA KERJA DAN ANGGARAN", None, None],
    ["Kode", "Uraian", "Jumlah"],
    ["5.1.02", "Belanja Pengembangan Aplikasi SPBE", 125000000.0],
    [None, None, None],
    ["5.1.03", "Audit  Keamanan\nInformasi", 7500.5],
]


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return make_xlsx(tmp_path / "rka.xlsx", {"RKA": RKA, "Sheet2": [], "DPA": [["Tahun", 2024]]})


def test_xlsx_sheets_become_pages_in_tab_order(workbook: Path) -> None:
    doc = extract_document(workbook, raise_errors=True)
    assert doc.source.format == "xlsx"
    assert [p.method for p in doc.pages] == [TextMethod.xlsx, TextMethod.xlsx]
    assert doc.pages[0].text.split("\n") == [
        "RKA",
        "RENCANA KERJA DAN ANGGARAN",
        "Kode | Uraian | Jumlah",
        "5.1.02 | Belanja Pengembangan Aplikasi SPBE | 125000000",
        "5.1.03 | Audit Keamanan Informasi | 7500.5",
    ]
    assert doc.pages[1].text == "DPA\nTahun | 2024"
    assert not [i for i in doc.issues if i.code in ("no_text", "truncated")]


def test_xlsx_rows_are_kept_as_a_table_per_sheet(workbook: Path) -> None:
    doc = extract_document(workbook, raise_errors=True)
    table = doc.pages[0].tables[0]
    assert table[0] == ["RENCANA KERJA DAN ANGGARAN"]  # trailing empty cells trimmed
    assert table[2] == ["5.1.02", "Belanja Pengembangan Aplikasi SPBE", "125000000"]
    assert table[3][1] == "Audit  Keamanan\nInformasi"  # cells keep their own text
    assert len(table) == 4  # the empty row is dropped
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (3.0, "3"),
        (0.1 + 0.2, "0.3"),
        (1e20, "1e+20"),
        (-42, "-42"),
        (True, "TRUE"),
        (datetime(2024, 1, 2), "2024-01-02"),
        (datetime(2024, 1, 2, 9, 30), "2024-01-02 09:30"),
        (date(2023, 12, 31), "2023-12-31"),
        (time(8, 15), "08:15:00"),
        ("  Tim Koordinasi  ", "Tim Koordinasi"),
    ],
)
def test_format_cell_reads_like_a_person(value: Any, expected: str) -> None:
    assert xlsx.format_cell(value) == expected


def test_xlsx_dates_from_a_workbook(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "jadwal.xlsx", {"Jadwal": [["Rapat", datetime(2024, 3, 5)]]})
    assert extract_document(path, raise_errors=True).pages[0].text == "Jadwal\nRapat | 2024-03-05"


def test_xlsx_huge_sheet_is_cut_with_an_issue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS_PER_SHEET", 3)
    rows = [[f"baris {i}", i] for i in range(10)]
    path = make_xlsx(tmp_path / "besar.xlsx", {"Kecil": [["a"]], "Besar": rows})
    doc = extract_document(path)
    assert doc.pages[1].text.split("\n") == ["Besar", "baris 0 | 0", "baris 1 | 1", "baris 2 | 2"]
    cut = [i for i in doc.issues if i.code == "truncated"]
    assert [(i.page, i.severity.value) for i in cut] == [(2, "warning")]
    assert "'Besar'" in cut[0].message and "ekspor bagian yang penting ke PDF" in cut[0].message
    assert doc.status is DocumentStatus.partial_success


def test_xlsx_too_many_columns_is_cut(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_COLUMNS", 2)
    path = make_xlsx(tmp_path / "lebar.xlsx", {"Lebar": [["a", "b", "c", "d"], ["e"]]})
    doc = extract_document(path)
    assert doc.pages[0].text == "Lebar\na | b\ne"
    assert any(i.code == "truncated" and "hanya 2 kolom pertama" in i.message for i in doc.issues)


def test_xlsx_wrong_dimension_does_not_drop_rows(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "dimensi.xlsx", {"SIPD": [[f"baris {i}", i] for i in range(20)]})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert '<dimension ref="A1:B20"/>' in sheet
    wrong = sheet.replace('<dimension ref="A1:B20"/>', '<dimension ref="A1:A3"/>')  # as some exporters write
    parts["xl/worksheets/sheet1.xml"] = wrong.encode()
    make_zip(path, parts)
    lines = extract_document(path, raise_errors=True).pages[0].text.split("\n")
    assert len(lines) == 21 and lines[-1] == "baris 19 | 19"


def test_xlsx_all_sheets_empty_is_one_blank_page(tmp_path: Path) -> None:
    doc = extract_document(make_xlsx(tmp_path / "kosong.xlsx", {"Sheet1": [], "Sheet2": []}))
    assert [(p.number, p.text, p.method) for p in doc.pages] == [(1, "", TextMethod.none)]
    assert [i.code for i in doc.issues][:1] == ["no_text"]


def _broken_xlsx(tmp_path: Path) -> Path:
    # Sniffed as XLSX (it has xl/workbook.xml) but the workbook part is not XML.
    return make_zip(tmp_path / "rusak.xlsx",
                    {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "not xml <"})


def test_xlsx_broken_workbook_both_modes(tmp_path: Path) -> None:
    path = _broken_xlsx(tmp_path)
    with pytest.raises(CorruptFileError, match="bukan workbook Excel yang dapat dibaca") as caught:
        extract_document(path, raise_errors=True)
    assert caught.value.__cause__ is not None
    doc = extract_document(path)
    assert doc.status is DocumentStatus.failure and doc.source.format == "xlsx"
    assert [i.code for i in doc.issues] == ["corrupt"]
    assert "simpan ulang sebagai .xlsx" in doc.issues[0].message


def test_xlsx_damaged_sheet_keeps_the_others(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "sebagian.xlsx", {"Baik": [["Pasal 1"]], "Rusak": [["x"]]})
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    # A sheet cut off mid-file: its start (dimension, first row) parses, the rest does not.
    parts["xl/worksheets/sheet2.xml"] = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:A2"/>'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>awal</t></is></c></row><row r="2"><c'
    )
    make_zip(path, parts)
    doc = extract_document(path)
    assert doc.pages[0].text == "Baik\nPasal 1"
    unreadable = [i for i in doc.issues if i.code == "sheet_unreadable"]
    assert [(i.page, i.severity.value) for i in unreadable] == [(2, "error")]
    assert doc.status is DocumentStatus.partial_success


def test_xlsx_without_openpyxl_names_the_install(workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "bukti\[office\]"'):
        xlsx.read_sheets(workbook)

