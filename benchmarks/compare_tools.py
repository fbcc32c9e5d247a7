"""The alternative pipelines of ``benchmarks/compare.py`` and the corpus selection it measures on.

Run as ``python -m benchmarks.compare_tools <tool> <folder>``: one tool over every file of the
folder, in this (new) process, so each timing includes the tool's own start-up as bukti's does.
The tools import nothing of bukti.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PHRASE_COUNT = 200
MIN_PAGE_CHARS = 20  # a page with fewer non-space characters has no text layer to speak of
OCR_DPI = 250  # as extractors.ocr.reader.OCR_DPI, so both sides of the scans comparison read the same pixels


# --- the corpus selection -------------------------------------------------------------------

def _page_facts(page) -> tuple[int, bool]:
    """(non-space characters of the text layer, whether that text is mostly invisible)."""
    import pypdfium2.raw as raw

    text = page.get_textpage().get_text_range()
    objects = [o for o in page.get_objects(max_depth=2) if o.type == raw.FPDF_PAGEOBJ_TEXT]
    invisible = sum(raw.FPDFTextObj_GetTextRenderMode(o.raw) == raw.FPDF_TEXTRENDERMODE_INVISIBLE
                    for o in objects)
    return len("".join(text.split())), bool(objects) and invisible * 2 >= len(objects)


def _pdf_facts(path: Path) -> list[tuple[int, bool]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [_page_facts(pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()


def text_layer_files(corpus: Path) -> list[Path]:
    """PDFs whose text layer is born-digital (not an earlier OCR run's invisible text), and DOCX."""
    chosen = []
    for path in sorted(corpus.rglob("*.pdf")):
        facts = _pdf_facts(path)
        with_text = [invisible for chars, invisible in facts if chars >= MIN_PAGE_CHARS]
        if with_text and sum(with_text) * 2 < len(with_text):
            chosen.append(path)
    return chosen + sorted(corpus.rglob("*.docx"))


def image_only_pdfs(corpus: Path) -> list[Path]:
    """PDFs none of whose pages has a text layer: every page needs OCR."""
    return [p for p in sorted(corpus.rglob("*.pdf")) if all(c < MIN_PAGE_CHARS for c, _ in _pdf_facts(p))]


def count_pages(files: list[Path]) -> int:
    """Pages as bukti counts them (PDF pages; DOCX pages split by explicit breaks)."""
    sys.path.insert(0, str(REPO))
    from extractors.api import extract_document

    return sum(len(extract_document(f, raise_errors=True).pages) for f in files)


def render_pages(pdfs: list[Path], into: Path) -> list[Path]:
    """Every page of ``pdfs`` as a grayscale PNG at :data:`OCR_DPI` (bukti renders the same way)."""
    import pypdfium2 as pdfium

    images = []
    for n, path in enumerate(pdfs):
        pdf = pdfium.PdfDocument(path)
        for i in range(len(pdf)):
            image = pdf[i].render(scale=OCR_DPI / 72, grayscale=True).to_pil()
            images.append(into / f"{n:02d}_{i + 1:03d}.png")
            image.save(images[-1], dpi=(OCR_DPI, OCR_DPI))
        pdf.close()
    return images


# --- the tools ------------------------------------------------------------------------------

def _phrases() -> list[str]:
    """The first 200 distinct phrases of the spbe-2020 rule pack (what a naive tool searches for)."""
    import yaml

    found: dict[str, None] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("phrases", "text_phrases") and isinstance(value, list):
                    found.update((str(v).lower(), None) for v in value if isinstance(v, str))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((REPO / "rules" / "packs" / "spbe-2020").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return list(found)[:PHRASE_COUNT]


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _pypdfium2(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _pdfminer(path: Path) -> list[str]:
    from pdfminer.high_level import extract_text

    return [extract_text(path)]


def _pdfplumber(path: Path) -> list[str]:
    import pdfplumber

    texts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            texts.append(page.extract_text() or "")
            page.close()
    return texts


def _markitdown(path: Path) -> list[str]:
    from markitdown import MarkItDown

    return [MarkItDown().convert(str(path)).text_content]


@dataclass(frozen=True)
class Tool:
    label: str
    read_pdf: Callable[[Path], list[str]]
    module: str  # the package it needs
    search: bool = False  # also look for the rule pack's phrases on every page
    reads_docx: bool = False  # the tool reads DOCX itself (else python-docx paragraphs)

    def available(self) -> bool:
        return importlib.util.find_spec(self.module) is not None

    @property
    def missing(self) -> str:
        return f"module '{self.module}' not installed (pip install 'markitdown[pdf,docx]' to include it)"


TOOLS: dict[str, Tool] = {
    "pypdfium2": Tool("pypdfium2 page text only (floor)", _pypdfium2, "pypdfium2"),
    "pdfminer": Tool("pdfminer.six extract_text", _pdfminer, "pdfminer"),
    "pdfplumber": Tool("pdfplumber extract_text per page + 200-phrase search", _pdfplumber, "pdfplumber",
                       search=True),
    "markitdown": Tool("markitdown", _markitdown, "markitdown", reads_docx=True),
}


def run_tool(name: str, folder: Path) -> int:
    """Read every file of ``folder`` with tool ``name``; the number of phrase hits (kept honest)."""
    tool = TOOLS[name]
    phrases = _phrases() if tool.search else []
    hits = 0
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == ".pdf" or tool.reads_docx:
            texts = tool.read_pdf(path)
        else:
            texts = [_docx_text(path)]
        for text in texts:
            lowered = text.lower()
            hits += sum(lowered.count(p) for p in phrases)
    return hits


def run_tesseract(folder: Path, processes: int = 2) -> int:
    """Plain ``tesseract <png> - -l ind``, ``processes`` at a time, one OpenMP thread each."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> int:
        out = subprocess.run(["tesseract", str(image), "-", "-l", "ind"], env=env, capture_output=True,
                             check=True).stdout
        return len(out.split())

    with ThreadPoolExecutor(processes) as threads:
        return sum(threads.map(one, sorted(folder.glob("*.png"))))


if __name__ == "__main__":
    tool_name, target = sys.argv[1], Path(sys.argv[2])
    result = run_tesseract(target) if tool_name == "tesseract" else run_tool(tool_name, target)
    print(result)


def place(source: Path, target: Path) -> None:
    """A hard link (same bytes, no copy) where the file system allows it, else a copy.

    Not a symbolic link: bukti refuses links that leave the evidence folder.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
