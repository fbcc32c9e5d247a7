"""Glue for ``bukti eval``: extract the labelled documents of a corpus (cached) and evaluate them.

Extraction results are cached as one JSON file per document under the cache folder, keyed
by the file's sha256, the extractor version and a digest of the extraction options, so a
re-run reads JSON instead of running OCR again and any change of extractor or options
misses the cache. The comparison with the labels is library code in ``rules.evaluation``.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.models import ExtractedDocument
from core.settings import ExtractOptions, get_settings
from extractors.api import EXTRACTOR_VERSION, extract_document
from extractors.discovery.folder import sha256_file
from rules.evaluation import EvaluationReport, evaluate_documents, load_labels
from rules.evaluation.labels import LabelRecord
from rules.loader import load_rule_pack

log = logging.getLogger(__name__)
ProgressFn = Callable[[str], None]
# Issues caused by the environment rather than the file; such results are not cached.
TRANSIENT_ISSUES = frozenset({"ocr_failed", "ocr_unavailable"})


class EvalOptions(BaseModel):
    """What one ``bukti eval`` run compares; CLI flags map onto these one-to-one."""

    model_config = ConfigDict(extra="forbid")

    labels: Path
    corpus: Path
    framework: str = "spbe-2020"
    cache_dir: Path | None = None  # None: <BUKTI_HOME>/eval-cache
    extract: ExtractOptions = Field(default_factory=ExtractOptions)


def default_cache_dir() -> Path:
    """Where ``bukti eval`` keeps extractions: ``<BUKTI_HOME>/eval-cache``."""
    return get_settings().home / "eval-cache"


def cache_key(sha256: str, options: ExtractOptions) -> str:
    """File content + extractor version + the options that change extracted output."""
    relevant = options.model_dump_json(include={"ocr", "ocr_languages", "tables", "max_bytes"})
    digest = hashlib.sha256(relevant.encode("utf-8")).hexdigest()[:12]
    return f"{sha256}-{EXTRACTOR_VERSION}-{digest}"


def extract_cached(
    path: Path, options: ExtractOptions, cache_dir: Path | None
) -> tuple[ExtractedDocument, bool]:
    """The extracted document of ``path`` and whether it came from the cache."""
    if cache_dir is None:
        return extract_document(path, options), False
    entry = cache_dir / f"{cache_key(sha256_file(path), options)}.json"
    cached = _read_entry(entry)
    if cached is not None and not _transient(cached):
        source = cached.source.model_copy(update={"path": str(path), "name": path.name})
        return cached.model_copy(update={"source": source}), True
    document = extract_document(path, options)
    _write_entry(entry, document)
    return document, False


def _transient(document: ExtractedDocument) -> bool:
    return any(issue.code in TRANSIENT_ISSUES for issue in document.issues)


def _read_entry(entry: Path) -> ExtractedDocument | None:
    try:
        return ExtractedDocument.model_validate_json(entry.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, ValidationError) as e:  # a corrupt entry is re-extracted, not fatal
        log.warning("ignoring unreadable cache entry %s: %s", entry, e)
        return None


def _write_entry(entry: Path, document: ExtractedDocument) -> None:
    if not document.source.sha256 or document.extractor_version != EXTRACTOR_VERSION:
        return  # failed before hashing: nothing stable to key on
    if _transient(document):
        return  # OCR broke or was missing this time: extract again next run
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(".tmp")
        temporary.write_text(document.model_dump_json(), encoding="utf-8")
        temporary.replace(entry)
    except OSError as e:  # a read-only cache only costs speed
        log.warning("cannot write cache entry %s: %s", entry, e)


def run_evaluation(options: EvalOptions, progress: ProgressFn | None = None) -> EvaluationReport:
    """Extract every labelled document present in the corpus and compare with the labels."""
    started = time.perf_counter()
    labels = load_labels(options.labels)
    pack = load_rule_pack(options.framework)
    if not options.corpus.is_dir():
        raise FileNotFoundError(f"folder korpus tidak ditemukan: {options.corpus}; berikan --corpus <folder>")
    cache_dir = options.cache_dir if options.cache_dir is not None else default_cache_dir()
    pairs: list[tuple[LabelRecord, ExtractedDocument]] = []
    missing: list[str] = []
    hits = 0
    for record in labels.records:
        path = options.corpus / record.file
        if not path.is_file():
            missing.append(record.file)
            continue
        document, hit = extract_cached(path, options.extract, cache_dir)
        hits += hit
        pairs.append((record, document))
        if progress:
            progress(record.file)
    report = evaluate_documents(pairs, pack, split=labels.split, labels_file=str(options.labels))
    return report.model_copy(
        update={
            "missing_files": missing,
            "cache_hits": hits,
            "elapsed_seconds": round(time.perf_counter() - started, 1),
        }
    )
