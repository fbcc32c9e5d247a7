"""requirements/lock.txt pins what ``.[all,dev]`` installs, and CI installs with it."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"


def _tool():  # noqa: ANN202 - the module object
    path = ROOT / "tools" / "lock_requirements.py"
    spec = importlib.util.spec_from_file_location("lock_requirements", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lock_pins_every_line_exactly() -> None:
    text = LOCK.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert len(lines) > 50
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]*==[0-9][^\s;]*", line) for line in lines), lines


def test_lock_covers_every_direct_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    raw = project["dependencies"] + [r for extra in ("ocr", "postgres", "web", "office", "dev")
                                     for r in project["optional-dependencies"][extra]]
    locked = _tool().read_lock(LOCK.read_text(encoding="utf-8"))
    names = {canonicalize_name(Requirement(r).name) for r in raw} - {"bukti"}  # bukti[dask]: its own extra
    missing = names - locked.keys()
    assert not missing, f"not in requirements/lock.txt: {missing}; run python tools/lock_requirements.py"


def test_lock_covers_the_whole_installed_closure() -> None:
    tool = _tool()
    installed, locked = tool.locked_versions(), tool.read_lock(LOCK.read_text(encoding="utf-8"))
    if any(locked.get(name) not in (None, version) for name, version in installed.items()):
        pytest.skip("this environment was not installed from the lock (versions differ)")
    assert installed.keys() == locked.keys(), "run python tools/lock_requirements.py"


def test_ci_installs_with_the_lock() -> None:
    assert 'pip install -c requirements/lock.txt -e ".[all,dev]"' in (ROOT / ".ci" / "run").read_text()
