"""With BUKTI_CI=1 a skipped test, or a module skipped at collection, fails the run; without, it skips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

SKIPPING = """
import pytest

def test_needs_a_service():
    pytest.skip("service absent")

@pytest.mark.xfail(reason="known bug", strict=True)
def test_known_bug():
    assert False

def test_passes():
    pass
"""
SKIPPED_MODULE = 'import pytest\npytest.skip("corpus absent", allow_module_level=True)\n'


def _run(target: Path, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    env.pop("BUKTI_CI", None)
    if ci:
        env["BUKTI_CI"] = "1"
    command = [sys.executable, "-m", "pytest", "-p", "ci_gate", "-p", "no:cacheprovider", "-q", str(target)]
    return subprocess.run(command, cwd=target.parent, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "test_skipping.py").write_text(SKIPPING, encoding="utf-8")
    (tmp_path / "test_skipped_module.py").write_text(SKIPPED_MODULE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not the repository's config
    return tmp_path


def test_ci_gate_turns_skips_into_failures(folder: Path) -> None:
    result = _run(folder / "test_skipping.py", ci=True)
    assert result.returncode == 1, result.stdout
    assert "skipped in CI (BUKTI_CI=1), which must run every test: Skipped: service absent" in result.stdout
    assert "1 failed, 1 passed, 1 xfailed" in result.stdout


def test_ci_gate_fails_a_module_skipped_at_collection(folder: Path) -> None:
    result = _run(folder / "test_skipped_module.py", ci=True)
    assert result.returncode != 0, result.stdout
    assert "which must run every test: Skipped: corpus absent" in result.stdout


def test_ci_gate_off_outside_ci(folder: Path) -> None:
    result = _run(folder, ci=False)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in result.stdout


def test_ci_runs_the_readme_test_command_with_the_lock_and_the_gate() -> None:
    root = TESTS.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    [command] = [line for line in readme.splitlines() if line.startswith('pip install -e ".[all,dev]"')]
    assert "ruff check ." in command and "mypy" in command and "python -m pytest" in command
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert command.replace("pip install -e", "pip install -c requirements/lock.txt -e") in ci
    assert "export BUKTI_CI=1" in ci
