"""Repeated page issues are printed once per code, with page ranges."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_samples import blank_pdf

from core.models import Issue
from pipeline.issue_summary import issue_lines, page_ranges

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("pages", "expected"), [
    ([1], "1"),
    ([3, 1, 2], "1–3"),
    ([1, 2, 3, 5, 9, 10], "1–3, 5, 9–10"),
    (list(range(1, 40, 2)), "1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, …"),
])
def test_page_ranges(pages: list[int], expected: str) -> None:
    assert page_ranges(pages) == expected


def test_issue_lines_folds_repeated_page_issues() -> None:
    issues = [Issue(code="identity", message="identitas tidak terbaca")]
    issues += [Issue(code="no_text", page=n, message=f"halaman {n} tidak berisi teks")
               for n in range(1, 3001)]
    issues += [Issue(code="ocr_failed", page=7, message="OCR halaman 7 gagal")]
    lines = issue_lines(issues)
    assert lines == ["identitas tidak terbaca",
                     "3000 halaman kosong (tanpa teks): hlm. 1–3000; contoh: halaman 1 tidak berisi teks",
                     "OCR halaman 7 gagal"]


@pytest.mark.slow
def test_cli_assess_blank_pages_print_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "bukti"
    folder.mkdir()
    blank_pdf(folder / "pindaian-kosong.pdf", 3000)
    env = {**os.environ, "BUKTI_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "cli.main", "assess", str(folder), "--db",
                           f"sqlite:///{tmp_path / 'bukti.db'}"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-2000:]
    assert "3000 halaman kosong (tanpa teks): hlm. 1–3000" in " ".join(output.split())
    assert output.count("tidak berisi teks") == 1
    assert len(output.splitlines()) < 60
