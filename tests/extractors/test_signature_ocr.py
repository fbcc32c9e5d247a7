"""Signature blocks drawn as images: e-signature box parsing and the targeted OCR fallback."""

from __future__ import annotations

from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from core.models import ExtractedDocument, PageText, TextMethod
from core.settings import ExtractOptions, OcrMode
from extractors.api import extract_document
from extractors.identity.document import detect_identity
from extractors.identity.signature import find_dateline, find_enactment, find_esignature, is_esign_header
from extractors.identity.text import document_lines
from extractors.ocr import signature_image as signature_ocr
from extractors.ocr.engine import OcrJob, Recognition

FONT = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
COVER = [
    "LAPORAN EVALUASI",
    "SISTEM PEMERINTAHAN BERBASIS ELEKTRONIK",
    "DINAS KOMUNIKASI DAN INFORMATIKA",
    "TAHUN 2023",
]
BODY = [
    "KATA PENGANTAR",
    "Puji syukur kami panjatkan atas selesainya laporan evaluasi Sistem Pemerintahan",
    "Berbasis Elektronik pada Dinas Komunikasi dan Informatika tahun 2023. Laporan ini",
    "memuat capaian indikator, kendala yang dihadapi dan rencana tindak lanjut.",
]
BOX_LINES = [
    "Ditandatangani secara elektronik oleh :",
    "BUDI SANTOSO",
    "Kepala Dinas Komunikasi dan Informatika",
    "NIP. 197501012000031002",
]


def _box_image(lines: list[str], dpi: int = 250) -> Image.Image:
    """An e-signature box (QR-like square on the left, framed text on the right) as a picture."""
    scale = dpi / 72
    image = Image.new("RGB", (int(330 * scale), int(90 * scale)), "white")
    draw = ImageDraw.Draw(image)
    for i in range(0, int(70 * scale), int(7 * scale)):  # a checkerboard where the QR code goes
        for j in range(0, int(70 * scale), int(7 * scale)):
            if (i + j) // int(7 * scale) % 2:
                draw.rectangle((i + 8, j + 8, i + 8 + 7 * scale, j + 8 + 7 * scale), fill="black")
    draw.rectangle((90 * scale, 4 * scale, 326 * scale, 86 * scale), outline="black", width=3)
    font = ImageFont.truetype(str(FONT), int(9 * scale))
    for n, line in enumerate(lines):
        draw.text((96 * scale, (10 + n * 17) * scale), line, fill="black", font=font)
    return image


def _report_pdf(path: Path, box: list[str] | None = BOX_LINES) -> Path:
    """Page 1 a cover; page 2 a foreword whose dateline is text and whose signature is an image."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for lines in (COVER, BODY):
        if lines is BODY:
            pdf.showPage()
        pdf.setFont("Helvetica", 11)
        for y, line in zip(range(780, 0, -18), lines, strict=False):
            pdf.drawString(60, y, line)
    pdf.drawString(360, 600, "Surabaya, 12 Maret 2024")
    if box is not None:
        pdf.drawImage(ImageReader(_box_image(box)), 200, 490, width=330, height=90)
    pdf.showPage()
    pdf.save()
    return path


def _page(number: int, text: str, method: TextMethod = TextMethod.text_layer) -> PageText:
    return PageText(number=number, text=text, method=method)


def _signer(pages: list[PageText]) -> str | None:
    meta, _ = detect_identity(pages)
    return meta.signer.value if meta.signer else None


# --- parsing the electronic-signature box (pure) ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ditandatangani secara elektronik oleh :", True),
        ("Ditandatangani secara elektronik oleh: BUDI SANTOSO", True),
        ("i ngani ra elektronik oleh :", True),  # OCR of an underlined header
        ("Telah ditandatangani secara elektronik oleh", True),
        (
            "Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik "
            "yang diterbitkan oleh BSrE",
            False,
        ),
        ("Ditandatangani secara elektronik menggunakan sertifikat yang diterbitkan oleh BSrE", False),
        ("Rapat dipimpin oleh Kepala Dinas", False),
    ],
)
def test_is_esign_header_recognises_the_box_header(text: str, expected: bool) -> None:
    assert is_esign_header(text) is expected


@pytest.mark.parametrize(
    ("box", "signer", "office"),
    [
        (BOX_LINES, "Budi Santoso", "Kepala Dinas Komunikasi dan Informatika"),
        (
            [
                "Ditandatangani secara elektronik oleh: BUDI SANTOSO, S.Kom., M.T.",
                "Kepala Dinas Kominfo",
                "NIP. 197501012000031002",
            ],
            "Budi Santoso, S.Kom., M.T.",
            "Kepala Dinas Kominfo",
        ),
        (
            [
                "Ditandatangani ra elektronik oleh :",
                "| E8 ~",
                "NANIK MURWATI",
                "Deputi Bidang Kelembagaan dan Tata",
                "Laksana",
                "NIP, 197208081996032001",
            ],
            "Nanik Murwati",
            "Deputi Bidang Kelembagaan dan Tata Laksana",
        ),
    ],
)
def test_find_dateline_reads_the_signer_of_an_esignature_box(
    box: list[str], signer: str, office: str
) -> None:
    lines = document_lines([_page(1, "\n".join(["Jakarta, 1 Januari 2025", *box]))])
    found = find_dateline(lines)
    assert found is not None and found.signer == signer and found.office == office


def test_find_enactment_reads_an_electronically_signed_regulation() -> None:
    text = "\n".join(
        [
            "Ditetapkan di Surabaya",
            "pada tanggal 5 Juni 2023",
            "WALI KOTA SURABAYA,",
            *BOX_LINES,
            "Diundangkan di Surabaya",
        ]
    )
    found = find_enactment(document_lines([_page(4, text)]))
    assert found is not None and found.enactment and found.signer == "Budi Santoso"
    assert found.office == "Kepala Dinas Komunikasi dan Informatika"


def test_find_esignature_dates_the_box_from_the_line_above() -> None:
    text = "\n".join(["Isi surat.", "Ditetapkan di Surabaya", "pada tanggal 5 Juni 2023", *BOX_LINES])
    found = find_esignature(document_lines([_page(2, text)]))
    assert found is not None and found.signer == "Budi Santoso" and found.enactment
    assert found.date is not None and found.date.isoformat() == "2023-06-05"
    assert (
        find_esignature(document_lines([_page(1, "Jakarta, 1 Januari 2025\nDitandatangani oleh:")])) is None
    )


def test_detect_identity_takes_the_esignature_signer() -> None:
    pages = [
        _page(1, "LAPORAN HASIL EVALUASI SPBE\nTAHUN 2023"),
        _page(2, "\n".join([*BODY[1:], "Surabaya, 12 Maret 2024", *BOX_LINES])),
    ]
    assert _signer(pages) == "Budi Santoso"
    assert _signer(pages[:1] + [_page(2, "\n".join([*BODY[1:], "Surabaya, 12 Maret 2024"]))]) is None


# --- which pages the fallback looks at (pure) ------------------------------------------------


def test_unsigned_blocks_lists_datelines_without_signer_on_text_pages() -> None:
    unsigned = [_page(1, "LAPORAN"), _page(2, "Isi.\nSurabaya, 12 Maret 2024")]
    assert signature_ocr.unsigned_blocks(unsigned) == [
        signature_ocr.UnsignedBlock(2, "Surabaya, 12 Maret 2024")
    ]
    signed = [_page(1, "LAPORAN"), _page(2, "Isi.\nSurabaya, 12 Maret 2024\nKepala Dinas,\nBUDI SANTOSO")]
    assert signature_ocr.unsigned_blocks(signed) == []
    scanned = [_page(1, "LAPORAN"), _page(2, "Isi.\nSurabaya, 12 Maret 2024", TextMethod.ocr)]
    assert signature_ocr.unsigned_blocks(scanned) == []


# --- the fallback ----------------------------------------------------------------------------


class FakeTesseract:
    """Stands in for ``run_job``: records the crops it is given, answers with ``reading``."""

    def __init__(self, reading: Recognition) -> None:
        self.reading = reading
        self.crops: list[tuple[int, int]] = []

    def __call__(self, job: OcrJob) -> Recognition:
        self.crops.append(job.size)
        return self.reading


@pytest.fixture
def fake_tesseract(monkeypatch: pytest.MonkeyPatch) -> FakeTesseract:
    fake = FakeTesseract(Recognition(text="\n".join(BOX_LINES), confidence=91.0, words=14))
    cache = signature_ocr.OcrCache(None, languages="ind", tesseract_version="x")
    engine = signature_ocr.Engine(cache, "ind", "x")
    monkeypatch.setattr(signature_ocr, "engine_for", lambda options: engine)
    monkeypatch.setattr(signature_ocr, "run_job", fake)
    return fake


@pytest.mark.ocr
def test_fallback_reads_only_the_image_below_the_dateline(tmp_path: Path) -> None:
    options = ExtractOptions(ocr_cache_dir=tmp_path / "cache")
    doc = extract_document(_report_pdf(tmp_path / "laporan.pdf"), options, raise_errors=True)
    assert doc.metadata.signer is not None and doc.metadata.signer.value == "Budi Santoso"
    assert doc.metadata.signer.page == 2
    page = doc.pages[1]
    assert page.method is TextMethod.text_layer and len(page.ocr_regions) == 1
    region = page.ocr_regions[0]
    assert "BUDI SANTOSO" in page.text[region.start : region.end]
    # the 330 x 90 pt image under the dateline, not the whole page
    assert region.box == pytest.approx((200.0, 490.0, 530.0, 580.0), abs=0.5)
    assert ExtractedDocument.model_validate_json(doc.model_dump_json()) == doc


@pytest.mark.ocr
def test_fallback_crops_in_the_crop_box_of_an_offset_page(tmp_path: Path) -> None:
    """A page whose crop box does not start at (0, 0): the crop is the image, not 100 pt above it."""
    import pypdfium2 as pdfium

    plain = _report_pdf(tmp_path / "plain.pdf")
    pdf = pdfium.PdfDocument(plain)
    for page in pdf:
        page.set_mediabox(0, 100, 595.27, 841.89)
        page.set_cropbox(0, 100, 595.27, 841.89)
    shifted = tmp_path / "shifted.pdf"
    pdf.save(shifted)
    pdf.close()
    doc = extract_document(shifted, ExtractOptions(ocr_cache_dir=tmp_path / "cache"), raise_errors=True)
    assert doc.metadata.signer is not None and doc.metadata.signer.value == "Budi Santoso"
    region = doc.pages[1].ocr_regions[0]
    assert "Surabaya" not in doc.pages[1].text[region.start : region.end]  # not the dateline again


@pytest.mark.ocr
def test_fallback_skips_pages_without_an_image(tmp_path: Path) -> None:
    options = ExtractOptions(ocr_cache_dir=tmp_path / "cache")
    doc = extract_document(_report_pdf(tmp_path / "laporan.pdf", box=None), options, raise_errors=True)
    assert doc.metadata.signer is None
    assert all(not p.ocr_regions for p in doc.pages)


# Tesseract failing or answering with low confidence cannot be provoked reliably with real input;
# these two inject the reading (fault injection), everything else above and below runs Tesseract.


def test_fallback_drops_a_doubtful_reading(tmp_path: Path, fake_tesseract: FakeTesseract) -> None:
    fake_tesseract.reading = Recognition(text="BE Es ia\nBUDI SANTOSO", confidence=41.0, words=5)
    doc = extract_document(_report_pdf(tmp_path / "laporan.pdf"), raise_errors=True)
    assert doc.metadata.signer is None and len(fake_tesseract.crops) == 1
    assert all(not p.ocr_regions for p in doc.pages) and doc.issues == []


def test_fallback_records_a_failed_reading(tmp_path: Path, fake_tesseract: FakeTesseract) -> None:
    fake_tesseract.reading = Recognition(error="TesseractError: boom")
    doc = extract_document(_report_pdf(tmp_path / "laporan.pdf"))
    assert doc.metadata.signer is None
    assert [(i.code, i.page) for i in doc.issues] == [("ocr_failed", 2)]
    assert "boom" in doc.issues[0].message


def test_fallback_does_nothing_with_ocr_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(signature_ocr, "run_job", lambda job: pytest.fail("OCR ran with ocr=never"))
    doc = extract_document(_report_pdf(tmp_path / "laporan.pdf"), ExtractOptions(ocr=OcrMode.never))
    assert doc.metadata.signer is None and all(not p.ocr_regions for p in doc.pages)


def test_fallback_does_nothing_without_the_ocr_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_ocr_module: None
) -> None:
    monkeypatch.setattr(signature_ocr, "run_job", lambda job: pytest.fail("OCR ran without the OCR reader"))
    doc = extract_document(_report_pdf(tmp_path / "laporan.pdf"))
    assert doc.metadata.signer is None and doc.issues == []


# --- real Tesseract ---------------------------------------------------------------------------


@pytest.mark.ocr
def test_signature_ocr_finds_the_signer_only_with_ocr(tmp_path: Path) -> None:
    path = _report_pdf(tmp_path / "laporan.pdf")
    on = extract_document(path, ExtractOptions(ocr_cache_dir=tmp_path / "cache"), raise_errors=True)
    off = extract_document(path, ExtractOptions(ocr=OcrMode.never), raise_errors=True)
    assert on.metadata.signer is not None and on.metadata.signer.value == "Budi Santoso"
    assert "197501012000031002" in on.pages[1].text
    assert off.metadata.signer is None and off.pages[1].text in on.pages[1].text


@pytest.mark.ocr
@pytest.mark.corpus
def test_signature_ocr_reads_the_bsre_box_of_a_corpus_report(corpus_file, tmp_path: Path) -> None:  # noqa: ANN001
    path = corpus_file(
        "kota-bandar-lampung_spbe-balam/1753241804_Laporan_Hasil_Evaluasi_-_Pemerintah_Kota_Bandar_Lampung_2024.pdf"
    )
    doc = extract_document(path, ExtractOptions(ocr_cache_dir=tmp_path / "cache"), raise_errors=True)
    assert doc.metadata.signer is not None and doc.metadata.signer.value == "Nanik Murwati"
    assert doc.metadata.signer.page == 2 and doc.pages[1].method is TextMethod.text_layer
    assert [r.reason for r in doc.pages[1].ocr_regions] == ["signature"]
