"""Golden files: exact extraction output of the generated samples under tests/data/extractors/.

Run with ``BUKTI_REGEN_GOLDENS=1`` to rewrite them after an intended change (and bump
``extractors.api.EXTRACTOR_VERSION``); a missing golden fails. Identity detection is switched off
here so these files pin extraction only (text, methods, tables, structure, issues).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from extract_samples import make_regulation_docx, make_regulation_pdf

from core.models import ExtractedDocument
from core.settings import ExtractOptions
from extractors.api import extract_document

GOLDENS = Path(__file__).resolve().parents[1] / "data" / "extractors"
SAMPLES: dict[str, Callable[[Path], Path]] = {
    "regulation_pdf": lambda tmp: make_regulation_pdf(tmp / "perbup.pdf"),
    "regulation_docx": lambda tmp: make_regulation_docx(tmp / "perbup.docx"),
}


def _summary(doc: ExtractedDocument) -> dict[str, object]:
    return {
        "status": doc.status.value,
        "pages": [
            {"number": p.number, "method": p.method.value, "lines": p.text.split("\n"), "tables": p.tables}
            for p in doc.pages
        ],
        "structure": [[m.page, m.offset, m.kind.value, m.label] for m in doc.structure],
        "issues": [[i.code, i.page] for i in doc.issues],
    }


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_extraction_matches_golden(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "extractors.identity.document", None)
    # tables=True: PDF tables are opt-in; the golden pins them (DOCX tables come regardless)
    doc = extract_document(SAMPLES[name](tmp_path), ExtractOptions(tables=True), raise_errors=True)
    actual = _summary(doc)
    golden = GOLDENS / f"{name}.json"
    if os.environ.get("BUKTI_REGEN_GOLDENS") == "1":
        golden.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not golden.is_file():
        pytest.fail(f"golden {golden} is missing; create it with BUKTI_REGEN_GOLDENS=1 and review the diff")
    assert actual == json.loads(golden.read_text(encoding="utf-8"))
