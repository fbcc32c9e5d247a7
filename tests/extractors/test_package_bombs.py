"""Zip-bomb Office packages are refused before any reader inflates a part, in bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hostile_samples import docx_media_bomb, docx_xml_bomb, make_docx, odt_bomb

from core.errors import TooLargeError
from core.models import DocumentStatus
from extractors.api import extract_document

REPO = Path(__file__).resolve().parents[2]
MiB = 1 << 20

BOMBS: dict[str, Callable[[Path], Path]] = {
    "media-2GiB.docx": docx_media_bomb,  # python-docx loads every part: 4.36 GB RSS before the guard
    "xml-1GiB.docx": docx_xml_bomb,
    "xml-1GiB.odt": odt_bomb,
    "media-300MiB.docx": lambda p: docx_media_bomb(p, 300 * MiB),  # under the total: the ratio refuses it
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {name: build(folder / name) for name, build in BOMBS.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BOMBS))
def test_extract_document_package_bomb_raises_too_large(bombs: dict[str, Path], name: str) -> None:
    with pytest.raises(TooLargeError, match="zip bomb|melebihi batas"):
        extract_document(bombs[name], raise_errors=True)


@pytest.mark.slow
@pytest.mark.parametrize("name", list(BOMBS))
def test_extract_document_package_bomb_fails_in_batch(bombs: dict[str, Path], name: str) -> None:
    doc = extract_document(bombs[name])
    assert doc.status is DocumentStatus.failure
    assert doc.issues[0].code == "too_large"


@pytest.mark.slow
def test_extract_document_media_bomb_peak_rss_under_1gb(bombs: dict[str, Path]) -> None:
    child = ("import json, resource, sys; from pathlib import Path; "
             "from extractors.api import extract_document; d = extract_document(Path(sys.argv[1])); "
             "print(json.dumps([d.status.value, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))")
    out = subprocess.run([sys.executable, "-c", child, str(bombs["media-2GiB.docx"])], cwd=REPO,
                         capture_output=True, text=True, timeout=300, check=True)
    status, peak_kib = json.loads(out.stdout.splitlines()[-1])
    assert status == "failure"
    assert peak_kib < 1_000_000, f"peak RSS {peak_kib / 1024:.0f} MB"


def test_package_limits_are_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_docx(tmp_path / "biasa.docx", "Peraturan Wali Kota tentang SPBE")
    assert extract_document(path, raise_errors=True).pages
    monkeypatch.setenv("BUKTI_PACKAGE_MAX_BYTES", "1000")
    with pytest.raises(TooLargeError, match="melebihi batas"):
        extract_document(path, raise_errors=True)
