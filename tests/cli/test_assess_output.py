"""``bukti assess``'s start and its printed result: what was made cheaper stays the same."""

from __future__ import annotations

import gc
import io

from rich.console import Console
from rich.markup import escape

from cli.common import imports_outside_gc


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
