"""Generated documents and labels for the accuracy-harness tests (no shared corpus needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.models import (
    DocType,
    DocumentMetadata,
    ExtractedDocument,
    LegalStatus,
    MetaField,
    PageText,
    SourceFile,
    TextMethod,
)
from extractors.structure import detect_structure
from rules.evaluation.models import DocumentResult, PairOutcome

ENACTED = """BUPATI CONTOH
PROVINSI CONTOH
PERATURAN BUPATI CONTOH
NOMOR 5 TAHUN 2022
TENTANG
SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK
DENGAN RAHMAT TUHAN YANG MAHA ESA
BUPATI CONTOH,
Menimbang : a. bahwa untuk melaksanakan Peraturan Presiden Nomor 95 Tahun 2018 perlu
mengatur sistem pemerintahan berbasis elektronik;
Mengingat : 1. Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik;
MEMUTUSKAN:
Menetapkan : PERATURAN BUPATI TENTANG SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK.
BAB I
KETENTUAN UMUM
Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
BAB II
ARSITEKTUR SPBE
Pasal 2
(1) Arsitektur SPBE Pemerintah Daerah disusun dengan berpedoman pada Arsitektur SPBE
Nasional sebagai referensi arsitektur.
(2) Arsitektur SPBE memuat:
a. domain arsitektur proses bisnis;
b. domain arsitektur data dan informasi;
c. domain arsitektur infrastruktur SPBE;
d. domain arsitektur aplikasi SPBE;
e. domain arsitektur keamanan SPBE; dan
f. domain arsitektur layanan SPBE.
(3) Arsitektur SPBE ditetapkan oleh Bupati untuk jangka waktu 5 (lima) tahun.
BAB III
KETENTUAN PENUTUP
Pasal 3
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
Ditetapkan di Contoh
pada tanggal 2 Mei 2022
BUPATI CONTOH,
TTD
BUDI SANTOSO
"""

DRAFT = (
    ENACTED.replace(
        "PERATURAN BUPATI CONTOH\nNOMOR 5 TAHUN 2022",
        "RANCANGAN\nPERATURAN BUPATI CONTOH\nNOMOR    TAHUN 2022",
    )
    .replace("pada tanggal 2 Mei 2022", "pada tanggal")
    .replace("TTD\n", "")
)

CONTROL = """GUBERNUR CONTOH
PERATURAN GUBERNUR CONTOH
NOMOR 9 TAHUN 2021
TENTANG
KELAS JABATAN
DENGAN RAHMAT TUHAN YANG MAHA ESA
GUBERNUR CONTOH,
MEMUTUSKAN:
Menetapkan : PERATURAN GUBERNUR TENTANG KELAS JABATAN.
Pasal 1
Kelas jabatan ditetapkan dalam lampiran.
Ditetapkan di Contoh
pada tanggal 4 Januari 2021
GUBERNUR CONTOH,
TTD
SITI AMINAH
"""

# Labels as an annotator would write them; the draft's indicator 1 is labelled 2 on purpose
# (a disagreement the harness must report), the control has no indicator.
LABELS = {
    "schema_version": 1,
    "split": "test-fixture",
    "records": [
        {
            "file": "contoh/perbup-5-2022.pdf",
            "text_layer": "text",
            "pages": 2,
            "doc_type": "peraturan_bupati",
            "issuer": "Bupati Contoh",
            "region_or_agency": "Kabupaten Contoh",
            "number": 5,
            "year": 2022,
            "title": "Sistem Pemerintahan Berbasis Elektronik",
            "status": "enacted",
            "date_set": "2022-05-02",
            "signer_name": "Budi Santoso",
            "indicators": {1: {"level": 3, "why": "Pasal 2: referensi arsitektur and all six domains -> 3."}},
        },
        {
            "file": "contoh/rancangan-perbup.pdf",
            "text_layer": "text",
            "pages": 2,
            "doc_type": "peraturan_bupati",
            "issuer": "Bupati Contoh",
            "region_or_agency": "Kabupaten Contoh",
            "number": None,
            "year": 2022,
            "title": "Sistem Pemerintahan Berbasis Elektronik",
            "status": "draft",
            "date_set": None,
            "signer_name": "Budi Santoso",
            "indicators": {1: {"level": 2, "why": "deliberately wrong label", "uncertain": True}},
        },
        {
            "file": "contoh/pergub-9-2021.pdf",
            "text_layer": "text",
            "pages": 1,
            "doc_type": "peraturan_gubernur",
            "issuer": "Gubernur Contoh",
            "region_or_agency": "Provinsi Contoh",
            "number": "9",
            "year": 2021,
            "title": "Kelas Jabatan",
            "status": "enacted",
            "date_set": "2021-01-04",
            "signer_name": "Siti Aminah",
            "indicators": {},
        },
        {"file": "contoh/absent.pdf", "text_layer": "image-only", "doc_type": "sop", "indicators": {}},
    ],
}


def write_pdf(path: Path, text: str, lines_per_page: int = 40) -> Path:
    """A text-layer PDF with one line of ``text`` per PDF line."""
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path))
    lines = text.splitlines()
    for start in range(0, len(lines), lines_per_page):
        y = 800
        for line in lines[start : start + lines_per_page]:
            pdf.drawString(50, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def make_document(
    text: str,
    *,
    name: str = "doc.pdf",
    doc_type: str | None = "peraturan_bupati",
    status: str | None = "enacted",
    number: str | None = "5",
    year: int | None = 2022,
    method: TextMethod = TextMethod.text_layer,
) -> ExtractedDocument:
    """An ExtractedDocument from one page of text, metadata set by hand (no extraction)."""
    meta = DocumentMetadata(
        doc_type=MetaField[DocType](value=DocType(doc_type), page=1) if doc_type else None,
        status=MetaField[LegalStatus](value=LegalStatus(status), page=1) if status else None,
        number=MetaField[str](value=number, page=1) if number else None,
        year=MetaField[int](value=year, page=1) if year else None,
    )
    sha = hashlib.sha256((text + name).encode()).hexdigest()
    source = SourceFile(
        path=name, name=name, sha256=sha, format="pdf", mime_type="application/pdf", size=len(text)
    )
    page = PageText(
        number=1, text=text, method=method, ocr_confidence=60.0 if method is TextMethod.ocr else None
    )
    return ExtractedDocument(source=source, metadata=meta, pages=[page], structure=detect_structure([page]))


def result_doc(file: str, pairs: list[PairOutcome]) -> DocumentResult:
    """A text-layer document result with the given pairs (metrics and report tests)."""
    return DocumentResult(
        file=file,
        sha256="x",
        layer_group="text",
        extraction_status="success",
        pages=1,
        ocr_pages=0,
        pairs=pairs,
    )


def result_pair(
    indicator: str,
    label: int,
    proposed: int,
    confidence: float,
    *,
    domain: str = "",
    features: dict[str, float] | None = None,
) -> PairOutcome:
    """One scored (document, indicator) pair of an indicator with rules."""
    return PairOutcome(
        indicator_id=indicator,
        label_level=label,
        proposed_level=proposed,
        confidence=confidence,
        needs_manual=False,
        has_rules=True,
        domain=domain,
        features=features,
    )
