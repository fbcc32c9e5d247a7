"""One batch with every kind of hostile file beside the good documents, through the real CLI.

The good documents are all stored and scored exactly as without the hostile files (the
example folder's golden levels); the run exits non-zero and names each bad file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_samples import bad_name, blank_pdf, docx_media_bomb, docx_xml_bomb, make_docx, odt_bomb
from sqlalchemy import select
from test_hostile_input import _without_read_override

from store.db import get_engine, session_scope
from store.models import Document, ProposalRow, Run

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "data" / "golden" / "example_levels.json"
MiB = 1 << 20


def _add_hostile_files(folder: Path, outside: Path) -> list[str]:
    """Every hostile file of issue 12 (part A); returns the names a run must report."""
    make_docx(bad_name(folder, b"laporan", ".docx"), "Laporan kegiatan bidang persandian")
    locked = folder / "terkunci.pdf"
    locked.write_bytes((folder / "03_SK-Tim-Koordinasi-SPBE.pdf").read_bytes() + b"\n%salinan\n")
    locked.chmod(0)
    outside.mkdir()
    (outside / "rahasia.txt").write_text("RAHASIA\n", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "folder-luar").symlink_to(outside, target_is_directory=True)
    docx_media_bomb(folder / "bom-gambar.docx", 600 * MiB)
    docx_xml_bomb(folder / "bom-teks.docx", 100 * MiB)
    odt_bomb(folder / "bom.odt", 100 * MiB)
    blank_pdf(folder / "pindaian-kosong.pdf", 3000)
    return ["laporan\\xff.docx", "terkunci.pdf", "passwd.txt", "folder-luar", "bom-gambar.docx",
            "bom-teks.docx", "bom.odt", "pindaian-kosong.pdf"]


@pytest.mark.slow
def test_cli_assess_hostile_batch_stores_good_documents_and_names_bad_ones(example_folder: Path,
                                                                           tmp_path: Path) -> None:
    named = _add_hostile_files(example_folder, tmp_path / "luar")
    url = f"sqlite:///{tmp_path / 'bukti.db'}"
    env = {**os.environ, "BUKTI_HOME": str(tmp_path / "home"), "BUKTI_WORKERS": "2"}
    done = subprocess.run([*_without_read_override(), sys.executable, "-m", "cli.main", "assess",
                           str(example_folder), "--db", url, "--region", "Kota Sukamaju", "--year", "2024"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900, check=False)
    output = " ".join((done.stdout + done.stderr).split())
    assert "Traceback" not in output, output[-4000:]
    assert done.returncode == 1, output[-4000:]
    for name in named:
        assert f"{name}: " in output, name
    assert "3000 halaman kosong (tanpa teks): hlm. 1–3000" in output
    # 6 good (one, 06, partial: no identity) + the undecodable name and the blank scan (partial)
    assert "14 dokumen: 5 berhasil, 3 sebagian, 6 gagal" in output
    engine = get_engine(url)
    with session_scope(engine) as session:
        run = session.scalars(select(Run)).one()
        stored = {d.name: d.status for d in session.scalars(select(Document))}
        levels = {p.indicator_id: p.level for p in session.scalars(select(ProposalRow)) if p.level > 0}
    engine.dispose()
    assert run.status == "partial"
    good = [p.name for p in sorted(example_folder.glob("0*"))]
    assert len(good) == 6 and all(stored[name] in ("success", "partial_success") for name in good)
    assert levels == json.loads(GOLDEN.read_text())
