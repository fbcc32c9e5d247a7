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


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_graph() -> dict[str, set[str]]:
    """module -> project modules it imports (anywhere in the file, lazy imports included)."""
    paths = {_module_name(p): p for layer in LAYERS for p in (REPO / layer).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in paths)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in paths:
                # ``from pkg import mod`` imports the module pkg.mod when it is one
                subs = {f"{node.module}.{a.name}" for a in node.names} & paths.keys()
                edges.update(subs or {node.module})
        graph[name] = edges - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_between_modules() -> None:
    """A module never imports (directly or through others) a module that imports it back.

    Package ``__init__`` modules that re-export their own sub-modules are the one allowed loop:
    importing ``pkg.mod`` runs ``pkg/__init__`` first anyway.
    """
    graph = _module_graph()
    for name, edges in graph.items():
        graph[name] = {e for e in edges if not e.startswith(name + ".")}
    assert not _cycles(graph), "import circles:\n" + "\n".join(" <-> ".join(c) for c in _cycles(graph))


def test_architecture_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
