"""Hostile input in an evidence folder: bad names, unreadable files, links leaving the folder.

Each bad file fails (or is read) alone, with a recorded reason; every good document is still
stored. Real files, real SQLite (and PostgreSQL when BUKTI_TEST_POSTGRES_URL is set).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_samples import bad_name, make_docx
from sqlalchemy import select

from core.models import DocumentStatus
from extractors.discovery.archive_folder import resolve_source_path
from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from store.db import get_engine, session_scope
from store.models import Document, Page

REPO = Path(__file__).resolve().parents[2]
GOOD = 6  # documents of the example folder


def _stored(url: str) -> dict[str, Document]:
    engine = get_engine(url)
    with session_scope(engine) as session:
        rows = {d.name: d for d in session.scalars(select(Document))}
        session.expunge_all()
    engine.dispose()
    return rows


def _page_texts(url: str) -> str:
    engine = get_engine(url)
    with session_scope(engine) as session:
        texts = "\n".join(session.scalars(select(Page.text)))
    engine.dispose()
    return texts


def test_assess_undecodable_file_name_read_and_stored_escaped(example_folder: Path,
                                                              database_url: str) -> None:
    raw = bad_name(example_folder, b"laporan", ".docx")
    make_docx(raw, "Laporan evaluasi SPBE Kota Sukamaju tahun 2024")
    result = assess_folder(example_folder, AssessOptions(database_url=database_url))
    shown = "laporan\\xff.docx"
    outcome = next(d for d in result.documents if d.name == shown)
    assert outcome.status is DocumentStatus.partial_success
    assert any(i.code == "file_name" and shown in i.message for i in outcome.issues)
    stored = _stored(database_url)
    assert len(stored) == GOOD + 1
    assert stored[shown].path.endswith(shown) and stored[shown].page_count == 1
    assert os.fsencode(resolve_source_path(stored[shown].path, Path("/nonexistent"))) == raw


def _without_read_override() -> list[str]:
    """A command prefix under which chmod 000 really denies reading (root normally may read anything)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a chmod 000 file stays readable, no PermissionError")
    caps = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_assess_unreadable_file_recorded_and_rest_stored(example_folder: Path, tmp_path: Path) -> None:
    locked = example_folder / "terkunci.pdf"
    locked.write_bytes((example_folder / "01_Perwali-17-2024_SPBE.pdf").read_bytes() + b"\n%salinan\n")
    locked.chmod(0)
    url = f"sqlite:///{tmp_path / 'bukti.db'}"
    env = {**os.environ, "BUKTI_HOME": str(tmp_path / "home")}
    done = subprocess.run([*_without_read_override(), sys.executable, "-m", "cli.main", "assess",
                           str(example_folder), "--db", url, "--ocr", "never"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    output = " ".join((done.stdout + done.stderr).split())
    assert "Traceback" not in output, output[-3000:]
    assert done.returncode == 1, output[-3000:]
    assert "terkunci.pdf: 'terkunci.pdf' tidak dapat dibaca (Permission denied)" in output
    assert "periksa izin dan pemilik berkas" in output
    assert "7 dokumen" in output and "1 gagal" in output
    assert len(_stored(url)) == GOOD


def test_assess_refuses_links_leaving_the_folder(example_folder: Path, tmp_path: Path,
                                                 sqlite_url: str) -> None:
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "rahasia.txt").write_text("RAHASIA-DI-LUAR-FOLDER\n", encoding="utf-8")
    (example_folder / "passwd.txt").symlink_to("/etc/passwd")
    (example_folder / "rahasia.txt").symlink_to(outside / "rahasia.txt")
    (example_folder / "folder-luar").symlink_to(outside, target_is_directory=True)
    inside = example_folder / "arsip"
    inside.mkdir()
    make_docx(inside / "catatan.docx", "Catatan rapat tim koordinasi SPBE")
    (example_folder / "tautan-dalam.docx").symlink_to(inside / "catatan.docx")  # inside: fine
    result = assess_folder(example_folder, AssessOptions(database_url=sqlite_url))
    by_name = {d.name: d for d in result.documents}
    for link in ("passwd.txt", "rahasia.txt", "folder-luar"):
        assert by_name[link].status is DocumentStatus.failure, link
        assert by_name[link].issues[0].code == "outside_root"
        assert "di luar folder bukti" in by_name[link].issues[0].message
    texts = _page_texts(sqlite_url)
    assert "root:x:0:0" not in texts and "RAHASIA-DI-LUAR-FOLDER" not in texts
    assert "Catatan rapat tim koordinasi" in texts
    assert by_name["tautan-dalam.docx"].status is DocumentStatus.skipped  # same content as arsip/catatan.docx
    assert len(_stored(sqlite_url)) == GOOD + 1
