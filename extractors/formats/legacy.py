"""Legacy and non-OOXML office files (.doc, .rtf, .xls, .ods, .ppt, .odp), read through LibreOffice.

LibreOffice (``soffice --headless --convert-to``) turns word-processing files into PDF, so
their pages are the pages an assessor prints, spreadsheets into XLSX and presentations into
PPTX (slides and notes); that format's extractor then reads the result, and the document
keeps the original file as its source.
Each conversion runs in its own temporary folder with its own LibreOffice profile
(``-env:UserInstallation``), so parallel workers never share a profile or a lock, in its own
process group, and is killed when it runs past :data:`CONVERT_TIMEOUT_SECONDS`. Without
LibreOffice these files fail with an ``unsupported`` issue that says how to install it or
what to convert them to; a batch goes on.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from core.errors import CorruptFileError, InputError, UnsupportedFormatError
from core.models import ExtractedDocument, SourceFile
from core.settings import ExtractOptions
from extractors.formats.table import FORMATS

log = logging.getLogger(__name__)

# A 100-page .doc converts in ~5 s on a 2-core machine; first start of a fresh profile adds ~2 s.
CONVERT_TIMEOUT_SECONDS = 180
SOFFICE_NAMES = ("soffice", "libreoffice")
INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui"
# format key -> (LibreOffice target, format key of the converted file, LibreOffice package needed)
CONVERSIONS: dict[str, tuple[str, str, str]] = {
    "doc": ("pdf", "pdf", "libreoffice-writer-nogui"),
    "rtf": ("pdf", "pdf", "libreoffice-writer-nogui"),
    "xls": ("xlsx", "xlsx", "libreoffice-calc-nogui"),
    "ods": ("xlsx", "xlsx", "libreoffice-calc-nogui"),
    "ppt": ("pptx", "pptx", "libreoffice-impress-nogui"),
    "odp": ("pptx", "pptx", "libreoffice-impress-nogui"),
}
# What soffice prints when the component (Writer, Calc, Impress) for a file is not installed.
_NO_FILTER = "no export filter"


def find_soffice() -> Path | None:
    """The LibreOffice executable on PATH (``BUKTI_SOFFICE`` overrides), or None."""
    override = os.environ.get("BUKTI_SOFFICE")
    if override:
        return Path(override) if Path(override).is_file() else None
    found = next((w for w in map(shutil.which, SOFFICE_NAMES) if w), None)
    return Path(found) if found else None


def _command(soffice: Path, target: str, profile: Path, outdir: Path, source: Path) -> list[str]:
    return [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
            "--nologo", "--norestore", "--nolockcheck", "--nodefault", "--convert-to", target,
            "--outdir", str(outdir), str(source)]


def _run(command: list[str], name: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run LibreOffice in its own process group; on timeout kill the whole group."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as e:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise CorruptFileError(
            f"LibreOffice tidak selesai mengonversi '{name}' dalam {timeout:.0f} detik; "
            "buka di Word atau LibreOffice lalu simpan sebagai .docx/.xlsx atau PDF"
        ) from e
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def convert(path: Path, target: str, outdir: Path, timeout: float | None = None) -> Path:
    """Convert ``path`` with LibreOffice under ``outdir`` (``target``: pdf, xlsx, docx); the new file.

    ``timeout`` defaults to :data:`CONVERT_TIMEOUT_SECONDS`.

    Raises UnsupportedFormatError when LibreOffice is not installed and CorruptFileError
    when it cannot convert the file or runs out of time.
    """
    soffice = find_soffice()
    if soffice is None:
        raise UnsupportedFormatError(f"'{path.name}' memerlukan LibreOffice untuk dibaca, dan LibreOffice "
                                     f"tidak terpasang ({INSTALL_HINT})")
    work = Path(tempfile.mkdtemp(prefix="bukti-soffice-", dir=outdir))
    # A plain ASCII name: LibreOffice reads names starting with '-' as options.
    staged = work / f"input{path.suffix.lower()}"
    shutil.copyfile(path, staged)
    started = time.perf_counter()
    command = _command(soffice, target, work / "profile", work, staged)
    result = _run(command, path.name, timeout or CONVERT_TIMEOUT_SECONDS)
    converted = work / f"input.{target}"
    log.info("converted %s to %s in %.1f s (exit %d)", path.name, target, time.perf_counter() - started,
             result.returncode)
    if result.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        output = "\n".join(line for line in f"{result.stdout}\n{result.stderr}".splitlines()
                           if line.strip() and "javaldx" not in line)  # a harmless warning of every run
        detail = " ".join((output or f"kode keluar {result.returncode}, tanpa keluaran").split())[:300]
        if _NO_FILTER in output.lower():
            raise UnsupportedFormatError(f"LibreOffice di sini tidak dapat mengonversi '{path.name}' ke "
                                         f"{target} ({detail}); ada komponen yang belum terpasang "
                                         f"({INSTALL_HINT})")
        raise CorruptFileError(f"LibreOffice gagal mengonversi '{path.name}' ({detail}); buka di Word atau "
                               "LibreOffice lalu simpan sebagai .docx/.xlsx atau PDF")
    return converted


def extract(source: SourceFile, options: ExtractOptions) -> ExtractedDocument:
    """Convert the file with LibreOffice and extract the result as the original document."""
    path = Path(source.path)
    target, converted_format, package = CONVERSIONS[source.format]
    if find_soffice() is None:
        info = FORMATS[source.format]
        raise UnsupportedFormatError(
            f"'{path.name}' adalah {info.label}; membacanya memerlukan LibreOffice, yang belum "
            f"terpasang (apt-get install {package}). Atau {info.advice}"
        )
    with tempfile.TemporaryDirectory(prefix="bukti-convert-") as tmp:
        converted = convert(path, target, Path(tmp))
        stand_in = source.model_copy(update={"path": str(converted), "format": converted_format})
        extractor = importlib.import_module(FORMATS[converted_format].extractor or "")
        try:
            doc: ExtractedDocument = extractor.extract(stand_in, options)
        except InputError as e:  # the message names the temporary file: name the original instead
            raise type(e)(f"'{path.name}', setelah dikonversi ke {target} oleh LibreOffice: {e}") from e
    return doc.model_copy(update={"source": source})
