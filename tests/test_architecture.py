"""Dependencies point one way: core <- extractors <- rules <- store <- pipeline <- {flows, review, cli}."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LAYERS = ["core", "extractors", "rules", "store", "pipeline", "review", "flows", "cli"]
# What each package may import from the project (besides itself).
ALLOWED = {
    "core": set(),
    "extractors": {"core"},
    "rules": {"core", "extractors"},
    "store": {"core", "extractors", "rules"},
    "pipeline": {"core", "extractors", "rules", "store"},
    "review": {"core", "extractors", "rules", "store", "pipeline"},
    "flows": {"core", "extractors", "rules", "store", "pipeline"},
    "cli": {"core", "extractors", "rules", "store", "pipeline", "review", "flows"},
}


def _project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found.update(n.split(".")[0] for n in names if n.split(".")[0] in LAYERS)
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_architecture_imports_point_one_way(package: str) -> None:
    bad = []
    for path in sorted((REPO / package).rglob("*.py")):
        for imported in _project_imports(path) - {package} - ALLOWED[package]:
            bad.append(f"{path.relative_to(REPO)} imports {imported}")
    assert not bad, "layering violated:\n" + "\n".join(bad)


def _module_imports(path: Path, package: str) -> set[str]:
    """The modules of ``package`` that ``path`` imports, at any depth (function-level imports too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)  # "from pipeline import assess"
    modules = {p.stem for p in (REPO / package).glob("*.py")}
    return {n.split(".")[1] for n in found if n.startswith(f"{package}.") and n.split(".")[1] in modules}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle of ``graph`` (module -> imported modules), or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node):], node]
        if node in done:
            return []
        for nxt in sorted(graph.get(node, ())):
            found = visit(nxt, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return []


def test_architecture_cycle_finder_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


# review/ is left out: exports <-> export_pdf is a circle another branch is changing
@pytest.mark.parametrize("package", ["core", "extractors", "rules", "store", "pipeline", "flows", "cli"])
def test_architecture_no_import_circle_within_package(package: str) -> None:
    graph = {p.stem: _module_imports(p, package) - {p.stem} for p in (REPO / package).glob("*.py")}
    circle = _cycle(graph)
    assert not circle, f"import circle in {package}/: " + " -> ".join(circle)
