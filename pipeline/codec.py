"""Bytes for the caches: extracted documents and matched documents, compressed.

An ``ExtractedDocument`` is stored as zlib-compressed JSON (the data contract's own format).
A matched document (``rules.criteria.Prepared``) is stored *compact*: the scorer needs the
hits, tokens, zones and page texts (for quotes), not the normalised copy of the text nor the
per-character offset table the matcher used to place hits, which are most of its memory.
The document inside travels as JSON (pydantic generic models do not pickle) without page
texts (``page_texts`` keeps them once); the hits go column-wise, each distinct list of hits once
(see :func:`_pack_hits`); the rest is pickled. Pickle is only ever read from
bukti's own database, which is trusted like the code; the cache key includes a hash of the
``rules`` source, so a payload is never read by code other than the code that wrote it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import importlib.metadata
import operator
import pickle
import zlib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from core.models import ExtractedDocument
from rules.criteria import Prepared
from rules.hits import Hit

COMPRESSION_LEVEL = 6  # zlib: ~6x smaller page text, ~1 ms per 100 kB
# Match results are written again at every rule-pack change: level 1 compresses one of the
# scale benchmark's (84 kB pickled) in 0.6 ms instead of 1.75, to 28 kB instead of 24.
MATCH_COMPRESSION_LEVEL = 1
# Part of every match key (through rules_code_hash): a payload is only read by the codec that wrote it.
CODEC_VERSION = "3"  # 2: hits column-wise; 3: the basis a result was matched from (rules.rematch)

# A hit as stored: its fields but the key (the dict key says it).
_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(Hit) if f.name != "key")
_row = operator.attrgetter(*_ROW_FIELDS)  # a hit's row in one call (a getattr per field took 3x longer)


def encode_document(doc: ExtractedDocument) -> bytes:
    """A document as compressed JSON for the extraction cache."""
    return zlib.compress(doc.model_dump_json().encode("utf-8"), COMPRESSION_LEVEL)


def decode_document(payload: bytes) -> ExtractedDocument:
    """The document of :func:`encode_document`'s bytes."""
    return ExtractedDocument.model_validate_json(zlib.decompress(payload))


def content_hash(doc: ExtractedDocument) -> str:
    """Hash of what the matcher reads: the whole extraction except where the file was found."""
    payload = doc.model_dump_json(exclude={"source": {"path", "name"}})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def compact(prepared: Prepared) -> Prepared:
    """The same match result without what scoring never reads (see the module docstring)."""
    matches = prepared.matches
    doc_text = dataclasses.replace(matches.doc_text, text="", offsets=[])
    return dataclasses.replace(prepared, matches=dataclasses.replace(matches, doc_text=doc_text))


def encode_prepared(prepared: Prepared) -> bytes:
    """Compact, then pickle all but the document, which goes as JSON without page texts."""
    small = compact(prepared)
    doc = small.document
    pages = [p.model_copy(update={"text": ""}) for p in doc.pages]
    doc_json = doc.model_copy(update={"pages": pages}).model_dump_json()
    hits = _pack_hits(small.matches.hits)
    # the document travels as JSON beside the pickle; decode_prepared puts it back
    matches = dataclasses.replace(small.matches, document=None, hits={})  # type: ignore[arg-type]
    body = pickle.dumps((doc_json, hits, dataclasses.replace(small, matches=matches)),
                        pickle.HIGHEST_PROTOCOL)
    return zlib.compress(body, MATCH_COMPRESSION_LEVEL)


def decode_prepared(payload: bytes) -> Prepared:
    """The prepared document of :func:`encode_prepared`'s bytes, its document put back."""
    with _no_cyclic_gc():
        doc_json, hits, prepared = pickle.loads(zlib.decompress(payload))  # noqa: S301 - bukti's own database
        document = ExtractedDocument.model_validate_json(doc_json)
        matches = dataclasses.replace(prepared.matches, document=document, hits=_unpack_hits(*hits))
    return dataclasses.replace(prepared, matches=matches)


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector while building ~10^5 acyclic objects.

    Each allocation burst otherwise triggers collections that scan every live object again:
    decoding a 236-page regulation's hits took 0.3 s with it and 0.04-0.1 s without.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pack_hits(hits: Mapping[str, list[Hit]]) -> tuple[list[str], list[int], list[tuple[tuple, ...]]]:
    """(keys, index of each key's rows, distinct row lists); a row is a hit's fields but its key.

    Pickling ~90k Hit dataclasses of a 236-page regulation took 0.3 s and unpickling 0.6-0.8 s
    (5.5 MB); many keys share their hits (one phrase list serves several indicators), so the
    distinct lists are ~1 MB and read back in ~0.1 s.
    """
    distinct: dict[tuple[tuple, ...], int] = {}
    by_list: dict[int, int] = {}  # id of a hit list shared by keys (matcher aliases) -> its row list
    keys, refs = [], []
    for key, found in hits.items():
        ref = by_list.get(id(found))
        if ref is None:
            rows = tuple(map(_row, found))
            ref = by_list[id(found)] = distinct.setdefault(rows, len(distinct))
        keys.append(key)
        refs.append(ref)
    return keys, refs, list(distinct)


def _unpack_hits(keys: list[str], refs: list[int], groups: list[tuple[tuple, ...]]) -> LazyHits:
    """Keys with one row list share one list of hits, as they did when matched (``Hit.key`` is
    the first of them: scoring goes by the dict's keys)."""
    return LazyHits(dict(zip(keys, refs, strict=True)), groups)


class LazyHits(Mapping[str, list[Hit]]):
    """A document's hits by key, each key's list built when first read.

    Scoring reads every indicator's topic hits but the criteria's hits only of documents
    relevant to the indicator, most of a document's keys for none: building only what is read
    saves most of decoding a match result (~100k ``Hit`` objects for 300 generated documents).
    """

    def __init__(self, refs: dict[str, int], groups: list[tuple[tuple, ...]]) -> None:
        self._refs, self._groups = refs, groups
        self._first: dict[int, str] = {}
        for key, ref in refs.items():
            self._first.setdefault(ref, key)
        self._lists: dict[int, list[Hit]] = {}

    def __getitem__(self, key: str) -> list[Hit]:
        ref = self._refs[key]
        found = self._lists.get(ref)
        if found is None:
            make = _hit_with_slots if hasattr(Hit, "__slots__") else _hit_with_dict
            first = self._first[ref]
            found = self._lists[ref] = [make(first, row) for row in self._groups[ref]]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def __contains__(self, key: object) -> bool:
        return key in self._refs


def _hit_with_dict(key: str, row: tuple) -> Hit:
    hit = object.__new__(Hit)  # as unpickling does: no __init__, ~8x faster than Hit(...) (frozen dataclass)
    object.__setattr__(hit, "__dict__", {"key": key, **dict(zip(_ROW_FIELDS, row, strict=True))})
    return hit


def _hit_with_slots(key: str, row: tuple) -> Hit:  # should Hit become a slots dataclass
    hit = object.__new__(Hit)
    object.__setattr__(hit, "key", key)
    for name, value in zip(_ROW_FIELDS, row, strict=True):
        object.__setattr__(hit, name, value)
    return hit


@lru_cache(maxsize=1)
def rules_code_hash() -> str:
    """Hash of the ``rules`` package source and the spaCy version: what produced a match payload.

    Part of every match key and evidence fingerprint, so changed matching or scoring code
    re-matches and re-scores instead of trusting results of older code.
    """
    import rules

    spacy_version = importlib.metadata.version("spacy")  # without importing spaCy (~0.5 s)
    digest = hashlib.sha256(f"{spacy_version}|codec {CODEC_VERSION}".encode())
    for path in sorted(Path(rules.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
