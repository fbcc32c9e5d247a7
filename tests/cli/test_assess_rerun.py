"""``bukti assess``'s fixed costs (an unchanged re-run is mostly them): what was made cheaper stays so."""

from __future__ import annotations

import gc
import io
import json
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from cli.common import imports_outside_gc

REPO = Path(__file__).resolve().parents[2]


def test_imports_outside_gc_freezes_what_was_imported_and_restores_the_collector() -> None:
    before = gc.get_freeze_count()
    try:
        with imports_outside_gc():
            assert not gc.isenabled()
            built = [[i] for i in range(1000)]  # stands for the objects an import builds
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(built)
        gc.disable()
        with imports_outside_gc():
            pass
        assert not gc.isenabled()  # a collector turned off by the caller stays off
    finally:
        gc.enable()
        gc.unfreeze()


def test_issue_lines_printed_at_once_read_as_printed_one_by_one() -> None:
    """print_result prints the documents' issue lines in one call: the same text as a call per line."""
    lines = [("a.pdf", "3 halaman kosong: hlm. 1–3; contoh: [tanpa teks]"), ("b [1].pdf", "ends with \\"),
             ("c.pdf", "x" * 200)]
    marked = [f"[yellow]{escape(name)}[/yellow]: {escape(line)}" for name, line in lines]
    one_by_one, at_once = (Console(file=io.StringIO(), width=80) for _ in range(2))
    for line in marked:
        one_by_one.print(line)
    at_once.print("\n".join(marked), highlight=at_once.color_system is not None)
    assert at_once.file.getvalue() == one_by_one.file.getvalue()  # type: ignore[attr-defined]
    assert "b [1].pdf: ends with \\" in at_once.file.getvalue()  # type: ignore[attr-defined]


def test_the_command_imports_no_page_counting_libraries() -> None:
    """PDFium and Pillow count the pages of files to extract (``extractors.workload``): imported
    when a run has such a file, not by every run's start (~0.02 CPU-s of an unchanged re-run)."""
    code = ("import json, sys; import cli.main, cli.assess, pipeline.assess, pipeline.finalize; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & {'PIL', 'pypdfium2'})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True,
                         timeout=120).stdout
    assert json.loads(out) == []
