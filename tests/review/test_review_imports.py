"""No import circle between the modules of ``review/`` (issue 14: exports <-> export_pdf was one).

Imports inside functions count too: a lazy import hides a circle from the interpreter, not from
the reader who has to understand one module before the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

REVIEW = Path(__file__).resolve().parents[2] / "review"


def _review_imports(path: Path, modules: set[str]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
        found.update(n for n in names if n in modules)
    return found - {f"review.{path.stem}"}


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path start -> ... -> start, if there is one (depth-first)."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph.get(node, ())):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def _graph() -> dict[str, set[str]]:
    paths = {f"review.{p.stem}": p for p in REVIEW.glob("*.py") if p.stem != "__init__"}
    return {name: _review_imports(path, set(paths)) for name, path in paths.items()}


def test_review_modules_import_without_circles() -> None:
    graph = _graph()
    cycles = [" -> ".join(c) for name in sorted(graph) if (c := _cycle_from(name, graph))]
    assert not cycles, "import circles in review/:\n" + "\n".join(cycles)


def test_cycle_finder_sees_a_lazy_circle() -> None:
    # the check itself must be able to fail: two modules importing each other
    assert _cycle_from("a", {"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]
    assert _cycle_from("a", {"a": {"b"}, "b": {"c"}}) is None


def test_export_writers_share_the_report_module() -> None:
    pdf = _graph()["review.export_pdf"]
    assert "review.report" in pdf and "review.exports" not in pdf
