"""Reading XML parts out of ZIP-based documents (PPTX, ODT) safely.

Parts are read with a size cap (a part inflating past it is a zip bomb or a broken file) and
parsed with entity resolution and network access off, so a crafted document cannot make the
parser read local files or expand entities without bound.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from core.errors import CorruptFileError, EncryptedError

# An XML part larger than this (uncompressed) is refused: real slides and ODT bodies are a few MB.
MAX_PART_BYTES = 64 * 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def open_package(path: Path, label: str, advice: str) -> zipfile.ZipFile:
    """Open ``path`` as a ZIP; a damaged archive is a CorruptFileError naming ``label``."""
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFileError(f"'{path.name}' bukan {label} yang dapat dibaca ({e}); {advice}") from e


def read_part(archive: zipfile.ZipFile, name: str, path: Path, label: str,
              advice: str) -> etree._Element | None:
    """The parsed XML part ``name``, or None when the package has no such part."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.flag_bits & 0x1:
        raise EncryptedError(f"'{path.name}' dilindungi kata sandi; hapus kata sandinya lalu simpan ulang")
    if info.file_size > MAX_PART_BYTES:
        raise CorruptFileError(f"'{path.name}': bagian {name} mengaku berukuran {info.file_size} bita, "
                               f"melebihi isi wajar sebuah {label}; {advice}")
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise CorruptFileError(
                f"'{path.name}': bagian {name} mengembang melebihi {MAX_PART_BYTES} bita; {advice}")
        return etree.fromstring(data, _PARSER)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, etree.XMLSyntaxError, ValueError) as e:
        raise CorruptFileError(f"'{path.name}' bukan {label} yang dapat dibaca: bagian {name} rusak "
                               f"({type(e).__name__}: {e}); {advice}") from e
