"""Measure ``extractors.identity.document.detect_identity`` against the labelled dev split.

Reads every labelled file (``records`` and ``reference_records``) of a labels YAML, gets its
page text on its own (pypdfium2 text layer, python-docx, Tesseract for image-only pages; cached
as JSON per sha256 under ``--cache-dir``), runs identity detection and prints per-field
exact-match accuracy split by text-layer vs scanned documents.

    python benchmarks/identity_eval.py --cache-dir /tmp/bukti-identity-cache [-v]

This script is a measurement tool, not part of the library: the real extractors live in
``extractors/``; this keeps its own simple text reading so it can run independently of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.models import REGULATION_TYPES, DocumentMetadata, PageText, TextMethod  # noqa: E402
from extractors.identity.document import detect_identity  # noqa: E402

FIELDS = ("doc_type", "issuer", "region", "number", "year", "title", "status", "date_set", "signer")
# label key for each metadata field where the names differ
LABEL_KEYS = {"region": "region_or_agency", "signer": "signer_name"}
# a page with fewer stripped characters than this in its text layer is treated as image-only
MIN_TEXT_CHARS = 20
OCR_DPI = 300
INSTRUMENT_TYPES = {t.value for t in REGULATION_TYPES} | {"keputusan", "surat_edaran", "sop"}


@dataclass
class Outcome:
    """One compared field of one document."""

    file: str
    scanned: bool
    instrument: bool  # labelled as a regulation, decree, circular or SOP (vs report, minutes ...)
    field: str
    expected: Any
    got: Any

    @property
    def ok(self) -> bool:
        return _norm(self.expected) == _norm(self.got)


def _norm(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def _ocr_page(page: Any) -> tuple[str, float | None]:
    import pytesseract

    image = page.render(scale=OCR_DPI / 72).to_pil()
    data = pytesseract.image_to_data(image, lang="ind", output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[str]] = {}
    confs: list[float] = []
    for i, word in enumerate(data["text"]):
        if not word.strip():
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        lines.setdefault(key, []).append(word)
        if float(data["conf"][i]) >= 0:
            confs.append(float(data["conf"][i]))
    text = "\n".join(" ".join(words) for words in lines.values())
    return text, (sum(confs) / len(confs) if confs else None)


def _read_pdf(path: Path) -> list[PageText]:
    import pypdfium2 as pdfium

    pages: list[PageText] = []
    pdf = pdfium.PdfDocument(path)
    for i in range(len(pdf)):
        page = pdf[i]
        text = page.get_textpage().get_text_range()
        if len(text.strip()) >= MIN_TEXT_CHARS:
            pages.append(PageText(number=i + 1, text=text, method=TextMethod.text_layer))
            continue
        ocr_text, conf = _ocr_page(page)
        pages.append(PageText(number=i + 1, text=ocr_text, method=TextMethod.ocr, ocr_confidence=conf))
    return pages


def _read_docx(path: Path) -> list[PageText]:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return [PageText(number=1, text="\n".join(parts), method=TextMethod.docx)]


def load_pages(path: Path, cache_dir: Path) -> list[PageText]:
    """Page texts of ``path``, read once and cached as JSON keyed by content hash."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cached = cache_dir / f"{digest}.json"
    if cached.is_file():
        return [PageText.model_validate(p) for p in json.loads(cached.read_text("utf-8"))]
    pages = _read_docx(path) if path.suffix.lower() == ".docx" else _read_pdf(path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps([p.model_dump(mode="json") for p in pages]), "utf-8")
    return pages


def _field_value(meta: DocumentMetadata, field: str) -> Any:
    found = getattr(meta, field)
    if found is None:
        return None
    value = found.value
    return value.value if hasattr(value, "value") else value


def _cleaner() -> Callable[[list[PageText]], list[PageText]]:
    """The pipeline's page cleanup (``extractors.text.clean_pages``) when it is installed."""
    try:
        from extractors.text import clean_pages
    except ImportError:
        print("note: extractors.text.clean_pages not available; using raw page text", file=sys.stderr)
        return lambda pages: pages
    return clean_pages


def evaluate(labels: Path, corpus: Path, cache_dir: Path, *, clean: bool = True) -> list[Outcome]:
    """Compare detected identity with the labels, one outcome per (document, field).

    With ``clean`` the page texts first go through the pipeline's cleanup, as in
    ``extractors.api`` (page numbers and repeated running headers removed).
    """
    prepare = _cleaner() if clean else (lambda pages: pages)
    data = yaml.safe_load(labels.read_text("utf-8"))
    outcomes: list[Outcome] = []
    for record in data.get("records", []) + data.get("reference_records", []):
        path = corpus / record["file"]
        if not path.is_file():
            print(f"skip (missing): {record['file']}", file=sys.stderr)
            continue
        meta, _ = detect_identity(prepare(load_pages(path, cache_dir)))
        scanned = record.get("text_layer") in ("image-only", "ocr-layer")
        instrument = record.get("doc_type") in INSTRUMENT_TYPES
        for field in FIELDS:
            expected = record.get(LABEL_KEYS.get(field, field))
            got = _field_value(meta, field)
            outcomes.append(Outcome(record["file"], scanned, instrument, field, expected, got))
    return outcomes


def _report(outcomes: list[Outcome], verbose: bool) -> None:
    for scanned, label in ((False, "text-layer"), (True, "scanned")):
        group = [o for o in outcomes if o.scanned is scanned]
        if not group:
            continue
        docs = len({o.file for o in group})
        total = sum(o.ok for o in group)
        print(f"\n{label}: {docs} documents, overall {total}/{len(group)} = {total / len(group):.1%}")
        for field in FIELDS:
            rows = [o for o in group if o.field == field]
            good = sum(o.ok for o in rows)
            print(f"  {field:9s} {good:3d}/{len(rows):<3d} {good / len(rows):6.1%}")
    for instrument, label in ((True, "regulations, decrees, SOPs"), (False, "reports, minutes, other")):
        group = [o for o in outcomes if o.instrument is instrument]
        total = sum(o.ok for o in group)
        docs = len({o.file for o in group})
        print(f"\n{label}: {docs} documents, {total}/{len(group)} = {total / max(1, len(group)):.1%}")
    if verbose:
        print("\nmismatches:")
        for o in outcomes:
            if not o.ok:
                print(f"  {Path(o.file).name[:40]:40s} {o.field:9s} want={o.expected!r} got={o.got!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=REPO.parent / "shared" / "labels" / "dev.yaml")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/bukti-identity-cache"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    parser.add_argument("--raw", action="store_true", help="skip the pipeline's page-text cleanup")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract is 2.4x faster single-threaded here
    _report(evaluate(args.labels, args.corpus, args.cache_dir, clean=not args.raw), args.verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
