"""The one table of input formats, and byte sniffing to pick a row of it.

Every format bukti knows is a :class:`FormatInfo` in :data:`FORMATS`: MIME types, file
extensions, the module whose ``extract(source, options)`` reads it, or, for formats we
recognise but do not read, what the user should do instead. :func:`detect_format` looks at
the bytes (magic numbers, the members of OOXML/ODF zips, the directory of OLE2 files); the
file extension is only a fallback for formats without a signature (plain text).
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.errors import CorruptFileError, EmptyFileError, EncryptedError, UnsupportedFormatError

# PDF allows junk before the header; readers accept "%PDF-" anywhere in the first KiB.
_PDF_HEADER_WINDOW = 1024
# Bytes read for sniffing text-like content (NUL bytes mean binary).
_TEXT_SNIFF_BYTES = 8192
_MIMETYPE_BYTES = 256  # an ODF "mimetype" member is one short line
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONVERT = "ubah menjadi PDF (atau simpan dokumen Word sebagai .docx) lalu tambahkan kembali"


@dataclass(frozen=True)
class FormatInfo:
    """One input format: how to recognise it and which module extracts it."""

    key: str
    label: str
    mime_types: tuple[str, ...]
    extensions: tuple[str, ...]
    extractor: str | None = None  # importable module exposing extract(source, options)
    advice: str = ""  # for unsupported formats: what the user should do (user-facing, Indonesian)
    has_signature: bool = True  # False: only the extension can identify it

    @property
    def supported(self) -> bool:
        return self.extractor is not None

    @property
    def mime_type(self) -> str:
        return self.mime_types[0]


def _fmt(key: str, label: str, mimes: str, exts: str, extractor: str | None = None, advice: str = "",
         has_signature: bool = True) -> FormatInfo:
    return FormatInfo(key, label, tuple(mimes.split()), tuple(exts.split()), extractor, advice, has_signature)


FORMATS: dict[str, FormatInfo] = {
    f.key: f
    for f in (
        _fmt("pdf", "PDF", "application/pdf", ".pdf", "extractors.formats.pdf"),
        _fmt("docx", "dokumen Word (.docx)",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             ".docx .docm .dotx", "extractors.formats.docx"),
        _fmt("image", "gambar (PNG, JPEG, TIFF)", "image/png image/jpeg image/tiff",
             ".png .jpg .jpeg .tif .tiff", "extractors.formats.image"),
        _fmt("txt", "teks biasa", "text/plain", ".txt", "extractors.formats.plain", has_signature=False),
        _fmt("doc", "dokumen Word lama (.doc)", "application/msword", ".doc .dot",
             "extractors.formats.legacy",
             advice="buka di Word atau LibreOffice lalu simpan sebagai .docx atau PDF"),
        _fmt("xls", "workbook Excel lama (.xls)", "application/vnd.ms-excel", ".xls",
             "extractors.formats.legacy",
             advice="simpan sebagai .xlsx atau ekspor sheet-nya ke PDF"),
        _fmt("ppt", "berkas PowerPoint lama (.ppt)", "application/vnd.ms-powerpoint", ".ppt",
             "extractors.formats.legacy", advice="simpan sebagai .pptx atau ekspor slide-nya ke PDF"),
        _fmt("ole2", "berkas Microsoft Office lama", "application/x-ole-storage", "", advice=_CONVERT),
        _fmt("xlsx", "workbook Excel (.xlsx)",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx .xlsm",
             "extractors.formats.xlsx"),
        _fmt("pptx", "presentasi PowerPoint (.pptx)",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx .pptm .ppsx",
             "extractors.formats.pptx"),
        _fmt("odt", "dokumen teks OpenDocument (.odt)", "application/vnd.oasis.opendocument.text", ".odt",
             "extractors.formats.odt"),
        _fmt("ods", "spreadsheet OpenDocument (.ods)", "application/vnd.oasis.opendocument.spreadsheet",
             ".ods", "extractors.formats.legacy", advice="simpan sebagai .xlsx atau ekspor sheet-nya ke PDF"),
        _fmt("odp", "presentasi OpenDocument (.odp)",
             "application/vnd.oasis.opendocument.presentation", ".odp", "extractors.formats.legacy",
             advice="simpan sebagai .pptx atau ekspor slide-nya ke PDF"),
        _fmt("rtf", "Rich Text Format (.rtf)", "application/rtf", ".rtf", "extractors.formats.legacy",
             advice="simpan sebagai .docx atau PDF"),
        # Archives are unpacked at discovery (extractors.discovery.archive_folder); the extractor only
        # reports why an archive that reaches extraction was not unpacked.
        _fmt("zip", "arsip ZIP", "application/zip", ".zip", "extractors.discovery.archive",
             advice="ekstrak arsipnya lalu tambahkan berkas-berkas di dalamnya"),
    )
}

# (leading bytes, format key, exact MIME type)
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image", "image/png"),
    (b"\xff\xd8\xff", "image", "image/jpeg"),
    (b"II*\x00", "image", "image/tiff"),
    (b"MM\x00*", "image", "image/tiff"),
    (b"{\\rtf", "rtf", "application/rtf"),
)
_OOXML_MARKERS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
)
_ODF_MIMETYPES = {FORMATS[k].mime_type: k for k in ("odt", "ods", "odp")}
_OLE2_MIMES = frozenset(FORMATS[k].mime_type for k in ("doc", "xls", "ppt"))
_OLE2_STREAMS: tuple[tuple[str, str], ...] = (
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
)


def format_for_extension(path: Path) -> FormatInfo | None:
    """The format whose extensions include ``path``'s suffix, or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS.values() if suffix and suffix in f.extensions), None)


def sniff_format(path: Path) -> FormatInfo | None:
    """The format the bytes of ``path`` announce, or None when they announce nothing known.

    Raises EncryptedError for password-protected Office files and CorruptFileError for
    zips that cannot be opened.
    """
    with path.open("rb") as handle:
        head = handle.read(_TEXT_SNIFF_BYTES)
    # Signatures at offset 0 first: a ZIP that stores a PDF uncompressed has "%PDF-" in its head too.
    if head.startswith(b"%PDF-"):
        return FORMATS["pdf"]
    for magic, key, _ in _MAGIC:
        if head.startswith(magic):
            return FORMATS[key]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return FORMATS[_sniff_zip(path)]
    if head.startswith(_OLE2_MAGIC):
        return FORMATS[_sniff_ole2(path)]
    if b"%PDF-" in head[:_PDF_HEADER_WINDOW]:  # readers accept junk before the header
        return FORMATS["pdf"]
    return None


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for marker, key in _OOXML_MARKERS:
                if marker in names:
                    return key
            if "mimetype" in names:
                with archive.open("mimetype") as handle:  # a few bytes; never inflate a huge member
                    mimetype = handle.read(_MIMETYPE_BYTES).decode("ascii", "replace").strip()
                return _ODF_MIMETYPES.get(mimetype, "zip")
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise CorruptFileError(
            f"'{path.name}' adalah berkas berbasis ZIP yang rusak ({e}); unduh ulang atau ekspor ulang"
        ) from e
    return "zip"


def _sniff_ole2(path: Path) -> str:
    """Name the legacy Office file by the streams in its first directory sector."""
    with path.open("rb") as handle:
        header = handle.read(512)
        if len(header) < 512:
            return "ole2"
        sector_size = 1 << struct.unpack_from("<H", header, 0x1E)[0]
        first_dir_sector = struct.unpack_from("<I", header, 0x30)[0]
        handle.seek((first_dir_sector + 1) * sector_size)
        directory = handle.read(sector_size * 4)
    if "EncryptedPackage".encode("utf-16-le") in directory:
        raise EncryptedError(
            f"'{path.name}' adalah dokumen Office yang dilindungi kata sandi; hapus kata sandinya "
            "(File > Info > Protect Document) lalu simpan ulang"
        )
    for stream, key in _OLE2_STREAMS:
        if stream.encode("utf-16-le") + b"\x00\x00" in directory:
            return key
    return "ole2"


def mime_type_of(path: Path, info: FormatInfo) -> str:
    """The exact MIME type of ``path`` within its format (image/png vs image/jpeg ...)."""
    if len(info.mime_types) > 1:
        with path.open("rb") as handle:
            head = handle.read(16)
        for magic, _, mime in _MAGIC:
            if head.startswith(magic) and mime in info.mime_types:
                return mime
    return info.mime_type


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(_TEXT_SNIFF_BYTES)
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut at the end of the sample is still text.
        return e.start >= len(head) - 3
    return True


def detect_format(path: Path) -> FormatInfo:
    """The supported format of ``path``, judged on its bytes; the extension is a fallback.

    Raises EmptyFileError (0 bytes), UnsupportedFormatError (unknown or not readable by
    bukti, with what to do instead), CorruptFileError (named like a format its bytes do not
    match), EncryptedError (password-protected Office file).
    """
    if path.stat().st_size == 0:
        raise EmptyFileError(f"'{path.name}' kosong (0 bita); unduh ulang atau ekspor ulang")
    info = sniff_format(path)
    by_extension = format_for_extension(path)
    if info is FORMATS["ole2"] and by_extension is not None and by_extension.mime_type in _OLE2_MIMES:
        info = by_extension  # streams named past the first directory sectors: trust the extension
    if info is None and by_extension is not None:
        if by_extension.has_signature:
            looks = "teks biasa" if _looks_like_text(path) else "data biner yang tidak dikenali"
            raise CorruptFileError(
                f"'{path.name}' bernama seperti {by_extension.label} tetapi isinya bukan itu "
                f"(isinya tampak seperti {looks}); unduh ulang atau ekspor ulang dari berkas aslinya"
            )
        if not _looks_like_text(path):
            raise CorruptFileError(
                f"'{path.name}' bernama .txt tetapi berisi data biner; periksa berkas aslinya"
            )
        info = by_extension
    if info is None:
        raise UnsupportedFormatError(f"jenis berkas '{path.name}' tidak dikenali; {_CONVERT}")
    if not info.supported:
        raise UnsupportedFormatError(f"'{path.name}' adalah {info.label}, yang tidak dibaca bukti; "
                                     f"{info.advice}")
    return info
