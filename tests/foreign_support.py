"""A generated evidence folder holding another government's regulation (imported as ``foreign_support``).

Kota Sukamaju's own coordination-team decree and an unrelated announcement (copied from the
bundled example folder), plus a Peraturan Bupati of the fictional Kabupaten Majujaya: the example's
SPBE regulation with the other government's names, written as a PDF the way
``examples/generate.py`` writes the example folder. Nothing is copied from the corpus.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
OWN_REGION = "Kota Sukamaju"
OTHER_REGION = "Kabupaten Majujaya"
OWN_FILES = ("03_SK-Tim-Koordinasi-SPBE.pdf", "06_Pengumuman-Lomba-Kebersihan.pdf")
FOREIGN_FILE = "07_Perbup-Majujaya-SPBE.pdf"
# Spellings of Kota Sukamaju in the example texts, and the other government's in their place.
_RENAMES = (
    ("PERATURAN WALI KOTA SUKAMAJU", "PERATURAN BUPATI MAJUJAYA"),
    ("PERATURAN WALI KOTA", "PERATURAN BUPATI"),
    ("Peraturan Wali Kota", "Peraturan Bupati"),
    ("WALI KOTA SUKAMAJU", "BUPATI MAJUJAYA"),
    ("Wali Kota Sukamaju", "Bupati Majujaya"),
    ("Wali Kota", "Bupati"),
    ("PEMERINTAH KOTA SUKAMAJU", "PEMERINTAH KABUPATEN MAJUJAYA"),
    ("Pemerintah Kota Sukamaju", "Pemerintah Kabupaten Majujaya"),
    ("Kota Sukamaju", "Kabupaten Majujaya"),
    ("SUKAMAJU", "MAJUJAYA"),
    ("Sukamaju", "Majujaya"),
)


def _generator() -> ModuleType:
    """``examples/generate.py`` (it imports ``examples/texts.py`` itself)."""
    spec = importlib.util.spec_from_file_location("bukti_examples_generate", EXAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def other_government_text(text: str) -> str:
    """An example text as if Kabupaten Majujaya had issued it."""
    for ours, theirs in _RENAMES:
        text = text.replace(ours, theirs)
    return text


def write_foreign_regulation(path: Path) -> Path:
    """Kabupaten Majujaya's SPBE regulation as a text-layer PDF."""
    generate = _generator()
    generate.write_text_pdf(path, other_government_text(generate.texts.PERWALI_SPBE))
    return path


def make_mixed_folder(target: Path, *, foreign: bool = True) -> Path:
    """Kota Sukamaju's own two documents, and (``foreign``) Kabupaten Majujaya's regulation."""
    target.mkdir(parents=True, exist_ok=True)
    for name in OWN_FILES:
        shutil.copy(EXAMPLES / "kota-sukamaju" / name, target / name)
    if foreign:
        write_foreign_regulation(target / FOREIGN_FILE)
    return target
