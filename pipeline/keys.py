"""Cache keys and the evidence fingerprint of incremental runs.

* extraction: (file sha256, ``EXTRACTOR_VERSION``, the options that change extracted output);
  OCR worker count and cache folder change speed, not output, so they are left out.
* matching: (content hash of the extraction, file name — passages cite it —, rule-pack hash,
  hash of the ``rules`` source).
* fingerprint: rule pack + rules source + the sorted match keys of a submission's evidence;
  equal to the previous run's means nothing to score.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from core.settings import ExtractOptions
from extractors.api import EXTRACTOR_VERSION
from pipeline.codec import rules_code_hash

_SPEED_ONLY_OPTIONS = {"ocr_workers", "ocr_cache_dir"}


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def options_hash(options: ExtractOptions) -> str:
    """Digest of the extraction options that change what is extracted (speed-only ones left out)."""
    return _digest(options.model_dump_json(exclude=_SPEED_ONLY_OPTIONS))


def extraction_key(sha256: str, options: ExtractOptions) -> str:
    """Cache key of an extraction: content, extractor version, options."""
    return _digest("extract", sha256, EXTRACTOR_VERSION, options_hash(options))


def match_key(content_hash: str, file_name: str, pack_hash: str) -> str:
    """Cache key of a match result: extracted content, file name, pack and rules code."""
    return _digest("match", content_hash, file_name, pack_hash, rules_code_hash())


def evidence_fingerprint(match_keys: Iterable[str], pack_hash: str) -> str:
    """Digest of a run's evidence: its match keys under one pack and rules code."""
    return _digest("evidence", pack_hash, rules_code_hash(), *sorted(match_keys))
