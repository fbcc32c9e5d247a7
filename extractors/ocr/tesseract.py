"""Finding Tesseract and its language data, with the exact install hint when they are missing."""

from __future__ import annotations

import re
import subprocess

from core.errors import MissingDependencyError
from extractors.ocr.engine import pytesseract
from extractors.ocr.models import INSTALL_HINT, TesseractInfo

_LANGUAGE = re.compile(r"^[A-Za-z0-9_]+$")
_VERSION = re.compile(r"tesseract\s+v?(\d+)\.(\d+)[\w.\-]*", re.IGNORECASE)


def split_languages(languages: str) -> list[str]:
    """``"ind+eng"`` -> ``["ind", "eng"]`` (blank parts dropped, order kept)."""
    return [part.strip() for part in languages.split("+") if part.strip()]


def check_tesseract(languages: str = "ind") -> TesseractInfo:
    """Tesseract's version and installed languages; raises when it or a language is missing.

    ``languages`` is a Tesseract language string (``"ind+eng"``); every part must be installed.
    ``bukti doctor`` calls this with the default, which checks for the Indonesian data.
    """
    if pytesseract is None:
        raise MissingDependencyError(f"Paket pytesseract tidak terpasang. {INSTALL_HINT}")
    command = str(pytesseract.pytesseract.tesseract_cmd)
    version = _version(_run(command, "--version"), command)
    installed = _installed_languages(_run(command, "--list-langs"))
    wanted = split_languages(languages)
    if not wanted:
        raise MissingDependencyError(f"Bahasa OCR tidak diberikan (contoh: 'ind+eng'). {INSTALL_HINT}")
    missing = [lang for lang in wanted if lang not in installed]
    if missing:
        raise MissingDependencyError(
            f"Data bahasa Tesseract belum terpasang: {', '.join(missing)} "
            f"(yang terpasang: {', '.join(installed) or 'tidak ada'}). {INSTALL_HINT}"
        )
    return TesseractInfo(version=version, languages=installed, command=command, osd="osd" in installed)


def _run(command: str, flag: str) -> str:
    try:
        done = subprocess.run([command, flag], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise MissingDependencyError(
            f"Tesseract OCR tidak ditemukan atau tidak dapat dijalankan ({command}). {INSTALL_HINT}"
        ) from e
    return done.stdout + done.stderr


def _version(output: str, command: str) -> str:
    match = _VERSION.search(output)
    if match is None:
        raise MissingDependencyError(f"{command} tampaknya bukan Tesseract OCR. {INSTALL_HINT}")
    if int(match.group(1)) < 4:
        raise MissingDependencyError(
            f"Tesseract {match.group(0)} terlalu lama (perlu versi 4 atau lebih baru). {INSTALL_HINT}"
        )
    return match.group(0).split()[-1]


def _installed_languages(output: str) -> list[str]:
    lines = [line.strip() for line in output.splitlines()]
    return sorted({line for line in lines if _LANGUAGE.match(line)})
