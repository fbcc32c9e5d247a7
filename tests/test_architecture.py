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
