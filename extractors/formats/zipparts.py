"""Reading XML parts out of ZIP-based documents (PPTX, ODT) safely, and checking packages first.

:func:`check_package` runs before any OOXML/ODF reader touches a file (``extract_document``):
the package's declared uncompressed total and each large part's compression ratio must stay
within the settings ``package_max_bytes`` / ``package_max_ratio``, and no XML part may exceed
MAX_PART_BYTES, the same zip-bomb guard ``extractors.discovery.archive`` applies to ZIP archives.
Declared sizes are what bounds memory: ``zipfile`` never inflates a part past the size its
header declares (it stops there and fails the CRC check), so a lying header ends as a broken
part, not as gigabytes in memory.

Parts are read with a size cap (a part inflating past it is a zip bomb or a broken file) and
parsed with entity resolution and network access off, so a crafted document cannot make the
parser read local files or expand entities without bound.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from core.errors import CorruptFileError, EncryptedError, TooLargeError
from core.settings import get_settings

# An XML part larger than this (uncompressed) is refused: real slides and ODT bodies are a few MB.
MAX_PART_BYTES = 64 * 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True, remove_pis=True)


_RATIO_MIN_BYTES = 1 << 20  # small parts (styles, settings) may compress well; they cannot be bombs
_XML_SUFFIXES = (".xml", ".rels")


def check_package(path: Path, label: str, advice: str) -> None:
    """Refuse a package whose parts would inflate beyond the limits (see the module docstring)."""
    settings = get_settings()
    with open_package(path, label, advice) as archive:
        infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > settings.package_max_bytes:
        raise TooLargeError(f"'{path.name}' mengembang menjadi {total / 1e6:.0f} MB saat dibuka, melebihi "
                            f"batas {settings.package_max_bytes / 1e6:.0f} MB untuk sebuah {label} "
                            f"(seperti zip bomb, atau gambar yang tidak dikompresi); bukti tidak membacanya; "
                            f"{advice}")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_MIN_BYTES and ratio > settings.package_max_ratio:
            raise TooLargeError(f"'{path.name}': bagian {info.filename} mengembang {ratio:.0f}x (batas "
                                f"{settings.package_max_ratio:.0f}x), seperti zip bomb; bukti tidak "
                                f"membacanya; {advice}")
        if info.filename.lower().endswith(_XML_SUFFIXES) and info.file_size > MAX_PART_BYTES:
            raise CorruptFileError(f"'{path.name}': bagian {info.filename} mengaku berukuran "  # as read_part
                                   f"{info.file_size} bita, melebihi isi wajar sebuah {label}; {advice}")


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
