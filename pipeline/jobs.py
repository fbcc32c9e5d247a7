"""The CPU-bound jobs a worker process runs: extract (and match) a file, match a cached extraction,
or fold a batch of cached match results for scoring.

Jobs touch no database: they take a path or a payload and return compressed bytes plus the
facts the caller stores next to them, so a worker needs neither credentials nor an engine,
and no document object crosses back into the flow process.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.errors import RulePackError
from core.extraction_info import ExtractionInfo, extraction_hash
from core.models import ExtractedDocument
from core.settings import ExtractOptions
from extractors.api import EXTRACTOR_VERSION, extract_document
from pipeline.codec import (
    content_hash,
    decode_document,
    decode_prepared,
    encode_document,
    encode_prepared,
    is_current,
    no_cyclic_gc,
    rekeyed_payload,
    rules_code_hash,
)
from pipeline.keys import match_key
from pipeline.models import DocumentOutcome
from pipeline.prestart import PRELOAD_PACKS
from pipeline.work import USABLE, CachedSummary
from rules.engine import prepare_document
from rules.fold import EvidenceFold
from rules.loader import available_packs, load_rule_pack
from rules.rematch import rematch
from rules.schema import RulePack
from rules.signatures import PackTable, decode_table

_packs: dict[tuple[str, str], RulePack] = {}


@dataclass(frozen=True)
class MatchResult:
    key: str
    payload: bytes


@dataclass(frozen=True)
class ExtractResult:
    info: ExtractionInfo
    payload: bytes
    extractor_version: str
    match: MatchResult | None  # None: not usable as evidence (failed extraction)


def extract_job(path: str, extraction_key: str, options: ExtractOptions, framework: str,
                pack_hash: str) -> ExtractResult:
    """Extract ``path``; match it too when it is usable (the text is in memory already)."""
    doc = extract_document(Path(path), options, raise_errors=False)
    info = ExtractionInfo(
        key=extraction_key, sha256=doc.source.sha256, status=doc.status.value, page_count=len(doc.pages),
        extraction_hash=extraction_hash(doc), content_hash=content_hash(doc),
        summary=summarise(doc).model_dump(mode="json"),
    )
    match = _match(doc, info.content_hash, framework, pack_hash) if doc.status in USABLE else None
    return ExtractResult(info, encode_document(doc), EXTRACTOR_VERSION, match)


def match_job(payload: bytes, path: str, name: str, framework: str, pack_hash: str) -> MatchResult:
    """Match a cached extraction, seen under its current path and name."""
    doc = with_location(decode_document(payload), path, name)
    return _match(doc, content_hash(doc), framework, pack_hash)


def rematch_job(previous: bytes, before: bytes, text_hash: str, path: str, name: str, framework: str,
                pack_hash: str) -> MatchResult | None:
    """Bring a match result of another version of the pack up to this one (``rules.rematch``).

    ``before`` is that version's stored table (``rules.signatures``). ``previous`` is reused only
    if it matched this very text, under this name, with this code (and codec); None when it cannot
    be (the caller then matches the cached extraction in full).
    """
    if not is_current(previous):  # written by an older codec: not readable here
        return None
    pack = _pack(framework, pack_hash)
    try:
        prepared = decode_prepared(previous)
    except Exception:  # noqa: BLE001 - written by other rules code whose classes changed: match in full
        return None
    if prepared.matches.basis != _basis(text_hash, name):
        return None
    again = rematch(prepared, pack, _table(before))
    if again is None:
        return None
    again = dataclasses.replace(again, matches=dataclasses.replace(
        again.matches, document=with_location(again.matches.document, path, name)))
    return MatchResult(match_key(text_hash, name, pack_hash), rekeyed_payload(previous, prepared, again))


@dataclass(frozen=True)
class RematchItem:
    """One document of a ``rematch_batch_job``: ``rematch_job``'s arguments but the pack's."""

    previous: bytes
    before: bytes
    text_hash: str
    path: str
    name: str


def rematch_batch_job(items: list[RematchItem], framework: str, pack_hash: str) -> list[MatchResult | None]:
    """``rematch_job`` for each item, in order: one round trip to a worker for a batch of
    documents (``pipeline.rematch_batch``) instead of one each."""
    return [rematch_job(i.previous, i.before, i.text_hash, i.path, i.name, framework, pack_hash)
            for i in items]


@lru_cache(maxsize=4)
def _table(payload: bytes) -> PackTable:
    return decode_table(payload)


def fold_job(payloads: list[bytes], framework: str, pack_hash: str,
             only: frozenset[str] | None = None) -> EvidenceFold:
    """Fold a batch of a submission's cached match payloads, in order, for scoring (``rules.fold``),
    for every indicator or for those in ``only``.

    Each payload is decoded, folded in and dropped before the next: the job holds one
    document's matches at a time, and returns only what proposals need. Run in a worker, which
    has the tokenizer the scorer needs for cue phrases already built (the flow process would
    spend ~2 s building its own); batches run side by side and are joined in order by the caller.
    """
    pack = _pack(framework, pack_hash)
    fold = EvidenceFold.empty(pack, only)
    for payload in payloads:
        fold.add(decode_prepared(payload), pack)
    return fold


def with_location(doc: ExtractedDocument, path: str, name: str) -> ExtractedDocument:
    """The cached document as found now (its cache entry may come from a copy elsewhere)."""
    return doc.model_copy(update={"source": doc.source.model_copy(update={"path": path, "name": name})})


def summarise(doc: ExtractedDocument) -> CachedSummary:
    """What a run needs of a cached extraction without decoding it again: outcome, region, year."""
    meta = doc.metadata
    return CachedSummary(
        outcome=DocumentOutcome.from_document(doc),
        region=meta.region.value if meta.region else None,
        year=meta.year.value if meta.year else None,
    )


def _match(doc: ExtractedDocument, text_hash: str, framework: str, pack_hash: str) -> MatchResult:
    pack = _pack(framework, pack_hash)
    # Matching allocates ~10^5 acyclic objects a document (token strings, spans, hits, their
    # payload rows), whose bursts set off collections walking every young object again (~3 % of
    # the jobs' CPU on the text corpus). The collector is back on once _matched has returned and
    # its objects are freed, so that first collection has few young objects left to walk.
    with no_cyclic_gc():
        return _matched(doc, text_hash, pack, pack_hash)


def _matched(doc: ExtractedDocument, text_hash: str, pack: RulePack, pack_hash: str) -> MatchResult:
    prepared = prepare_document(doc, pack)
    prepared.matches.basis = _basis(text_hash, doc.source.name)
    return MatchResult(match_key(text_hash, doc.source.name, pack_hash), encode_prepared(prepared))


def _basis(text_hash: str, name: str) -> str:
    """What a match result was computed from, but the pack: reusable for another pack only if equal."""
    return f"{text_hash}|{name}|{rules_code_hash()}"


def preload_packs() -> None:
    """Load and compile the run's rule packs now (the fork server does, for all workers): those
    ``pipeline.prestart`` names in ``PRELOAD_PACKS``, else every installed one.

    A pack that does not load is left to the job that needs it, which reports the error.
    """
    from rules.matcher import compile_pack  # spaCy: the flow process that imports this never matches

    named = [f.strip() for f in os.environ.get(PRELOAD_PACKS, "").split(",") if f.strip()]
    for framework in named or available_packs():
        try:
            pack = load_rule_pack(framework)
        except RulePackError:
            continue
        compile_pack(pack)
        _packs[(framework, pack.content_hash)] = pack


def _pack(framework: str, pack_hash: str) -> RulePack:
    """The run's rule pack, loaded once per worker; refuses a pack edited during the run."""
    cached = _packs.get((framework, pack_hash))
    if cached is not None:
        return cached
    pack = load_rule_pack(framework)
    if pack.content_hash != pack_hash:
        raise RulePackError(
            f"paket aturan {framework!r} berubah saat penilaian berjalan (hash {pack_hash[:12]} -> "
            f"{pack.content_hash[:12]}): jalankan lagi agar semua dinilai dengan paket yang baru"
        )
    _packs[(framework, pack_hash)] = pack
    return pack
