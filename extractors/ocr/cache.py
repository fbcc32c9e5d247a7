"""Page-level OCR cache: one small JSON file per rendered page image.

The key is the sha256 of the page's pixels (mode, size, bytes) together with the languages,
the Tesseract version and ``OCR_VERSION``, so re-rendering the same page hits the cache and any
change of engine, data or our pipeline misses it. Failed pages are never cached. A cache that
cannot be written (read-only home, full disk) is logged and skipped, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path

from PIL import Image

from extractors.ocr.engine import Recognition

log = logging.getLogger(__name__)

# Bump when anything that changes OCR output changes (dpi, pre-processing, Tesseract config).
OCR_VERSION = "1"


class OcrCache:
    """Read and write cached page readings under ``root`` (``None`` disables the cache)."""

    def __init__(self, root: Path | None, *, languages: str, tesseract_version: str) -> None:
        self.root = root
        self._namespace = f"ocr={OCR_VERSION}|tesseract={tesseract_version}|lang={languages}"

    def key(self, image: Image.Image) -> str:
        digest = hashlib.sha256()
        digest.update(f"{image.mode}|{image.size[0]}x{image.size[1]}|".encode())
        digest.update(image.tobytes())
        digest.update(self._namespace.encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> Recognition | None:
        if self.root is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return Recognition(
                text=str(data["text"]),
                confidence=None if data["confidence"] is None else float(data["confidence"]),
                words=int(data["words"]),
                rotated=int(data["rotated"]),
                steps=[str(s) for s in data.get("steps", [])],
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("ignoring unreadable OCR cache entry %s: %s", key, e)
            return None

    def put(self, key: str, result: Recognition) -> None:
        if self.root is None or result.error is not None:
            return
        record = {
            "text": result.text,
            "confidence": result.confidence,
            "words": result.words,
            "rotated": result.rotated,
            "steps": result.steps,
            "namespace": self._namespace,
        }
        path = self._path(key)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)  # atomic: a concurrent reader sees the old file or the new one
        except OSError as e:
            log.warning("OCR cache not written (%s): %s", path, e)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
