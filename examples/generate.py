"""Generate the bundled example evidence folder of the fictional Kota Sukamaju.

Usage: ``python examples/generate.py [OUTPUT_DIR]`` (default ``examples/kota-sukamaju``).
Needs the dev extra (reportlab). The texts live in ``examples/texts.py``.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_BREAK
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

sys.path.insert(0, str(Path(__file__).resolve().parent))
import texts  # noqa: E402

rl_config.invariant = 1  # reproducible PDF bytes (no timestamps, fixed ids)
DEFAULT_OUT = Path(__file__).resolve().parent / "kota-sukamaju"
_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_STYLES["Normal"], fontName="Times-Roman", fontSize=12, leading=16)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Times-Bold", alignment=1)


def _is_heading(line: str) -> bool:
    return line.isupper() or line.startswith(("Pasal ", "BAB "))


def _page_number(canvas, doc) -> None:  # noqa: ANN001 - reportlab callback
    if doc.page > 1:
        canvas.setFont("Times-Roman", 11)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 1.5 * cm, f"- {doc.page} -")


def write_text_pdf(path: Path, text: str, extra: list | None = None) -> None:
    """A regulation-like PDF: headings centred and bold, page numbers '- n -' from page 2."""
    story: list = []
    for line in text.splitlines():
        style = HEAD if _is_heading(line) else BODY
        story.append(Paragraph(escape(line) or "&nbsp;", style))
    story.extend(extra or [])
    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=2.5 * cm, bottomMargin=2.5 * cm,
                            title=path.stem, author="Pemerintah Kota Sukamaju")
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)


def _sop_table() -> list:
    head = ["No", "Kegiatan", "Staf", "Kepala Bidang", "Kelengkapan", "Waktu", "Output", "Keterangan"]
    rows = [[no, Paragraph(escape(act), BODY), "X" if i % 2 == 0 else "", "" if i % 2 == 0 else "X",
             Paragraph(escape(req), BODY), time, Paragraph(escape(out), BODY), ""]
            for i, (no, act, req, time, out) in enumerate(texts.SOP_ROWS)]
    widths = [1 * cm, 5 * cm, 1.4 * cm, 1.8 * cm, 2.6 * cm, 1.4 * cm, 2.4 * cm, 1.8 * cm]
    table = Table([head, *rows], colWidths=widths)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("FONTNAME", (0, 0), (-1, 0), "Times-Bold"), ("FONTSIZE", (0, 0), (-1, -1), 8),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 12), Paragraph("PROSEDUR", HEAD), Spacer(1, 6), table]


def write_docx(path: Path, text: str) -> None:
    """A DOCX with a header, a footer, and a page break before the signature block."""
    doc = Document()
    doc.core_properties.author = "Pemerintah Kota Sukamaju"
    doc.core_properties.created = datetime(2024, 1, 1)
    doc.sections[0].header.paragraphs[0].text = "PEMERINTAH KOTA SUKAMAJU"
    doc.sections[0].footer.paragraphs[0].text = "Dokumen ini dibuat untuk contoh bukti dukung SPBE"
    lines = text.splitlines()
    split = next((i for i, ln in enumerate(lines) if ln.startswith(("Ditetapkan di", "Notulis"))), len(lines))
    for i, line in enumerate(lines):
        para = doc.add_paragraph(line)
        if i == split - 1:
            para.add_run().add_break(WD_BREAK.PAGE)
    if "Pembahasan" in text:  # minutes carry an attendance table
        table = doc.add_table(rows=1, cols=3)
        for cell, label in zip(table.rows[0].cells, ["No", "Nama", "Jabatan"], strict=True):
            cell.text = label
        for row in [("1", "Dewi Lestari", "Sekretaris Daerah"), ("2", "Budi Santoso", "Kepala Diskominfo")]:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
    doc.save(str(path))


def generate(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write the six example documents into ``out`` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "01_Perwali-17-2024_SPBE.pdf": lambda p: write_text_pdf(p, texts.PERWALI_SPBE),
        "02_Rancangan-Perwali_Arsitektur-SPBE.docx": lambda p: write_docx(p, texts.RANCANGAN_ARSITEKTUR),
        "03_SK-Tim-Koordinasi-SPBE.pdf": lambda p: write_text_pdf(p, texts.SK_TIM),
        "04_SOP-Penempatan-Server-Pusat-Data.pdf": (
            lambda p: write_text_pdf(p, texts.SOP_HEADER, _sop_table())
        ),
        "05_Notulen-Reviu-Kebijakan-SPBE.docx": lambda p: write_docx(p, texts.NOTULEN),
        "06_Pengumuman-Lomba-Kebersihan.pdf": lambda p: write_text_pdf(p, texts.UNRELATED),
    }
    paths = []
    for name, write in files.items():
        write(out / name)
        paths.append(out / name)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    for written in generate(target):
        print(written)
