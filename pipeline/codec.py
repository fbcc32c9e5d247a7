"""Bytes for the caches: extracted documents and matched documents, compressed.

An ``ExtractedDocument`` is stored as zlib-compressed JSON (the data contract's own format).
A matched document (``rules.criteria.Prepared``) is stored *compact*: the scorer needs the
hits, tokens, zones and page texts (for quotes), not the normalised copy of the text nor the
per-character offset table the matcher used to place hits, which are most of its memory.
The document inside travels as JSON (pydantic generic models do not pickle) without page
texts (``page_texts`` keeps them once); the hits go column-wise, each distinct list of hits once
(see :func:`_pack_hits`); the rest is pickled.

A match payload is two zlib frames, the first preceded by its length: the *text part*, what
matching gave whatever the pack (the distinct lists of hits, tokens, page texts, basis), and
the *pack part*, what the pack made of it (which key has which list of hits, title spans,
classes, topic scores, and the document, whose path may change). Re-matching after a pack
edit (``rules.rematch``) changes only the pack part: :func:`rekeyed_payload` keeps the text
part's bytes instead of pickling and compressing them again. Pickle is only ever read from
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
import struct
import zlib
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from core.models import ExtractedDocument
from rules.criteria import Prepared
from rules.hits import Hit, new_hit

COMPRESSION_LEVEL = 6  # zlib: ~6x smaller page text, ~1 ms per 100 kB
# Match results are written again at every rule-pack change: level 1 compresses one of the
# scale benchmark's (84 kB pickled) in 0.6 ms instead of 1.75, to 28 kB instead of 24.
MATCH_COMPRESSION_LEVEL = 1
# Part of every match key (through rules_code_hash): a payload is only read by the codec that wrote it.
# 2: hits column-wise; 3: the basis a result was matched from (rules.rematch); 4: text and pack parts
CODEC_VERSION = "4"

# A match payload starts with this, then the text part's length in bytes and the text part. An
# older codec's payload (one zlib frame) is found by ``rules.rematch``'s look for a previous
# result of another pack version: it is matched in full (``is_current``), not misread.
_MAGIC = f"bkm{CODEC_VERSION}".encode()  # follows the version: a new codec never reads an older layout
_TEXT_PART = struct.Struct(f"<{len(_MAGIC)}sI")

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
    """Compact, then the text part and the pack part (see the module docstring)."""
    small = compact(prepared)
    keys, refs, groups = _pack_hits(small.matches.hits)
    # the document goes in the pack part (its path may change), as JSON: decode_prepared puts it back
    matches = dataclasses.replace(small.matches, document=None, hits={}, title_spans={})  # type: ignore[arg-type]
    text = _frame((groups, matches))
    return _TEXT_PART.pack(_MAGIC, len(text)) + text + _pack_part(small, keys, refs)


def is_current(payload: bytes) -> bool:
    """Whether ``payload`` is a match result this codec wrote (older ones cannot be decoded)."""
    return payload[:len(_MAGIC)] == _MAGIC


def rekeyed_payload(previous: bytes, decoded: Prepared, again: Prepared) -> bytes:
    """The payload of ``again``, made from ``decoded`` (``previous``'s result) by re-keying its
    hits and deriving the rest under another pack: ``previous``'s text part as it is, a new
    pack part. Anything else in ``again`` of its own and it is encoded in full."""
    before, now = decoded.matches, again.matches
    if not (isinstance(now.hits, LazyHits) and isinstance(before.hits, LazyHits)
            and now.hits.groups is before.hits.groups and now.tokens is before.tokens
            and now.page_texts is before.page_texts and now.title_tokens is before.title_tokens
            and now.doc_text is before.doc_text and now.basis == before.basis):
        return encode_prepared(again)
    end = _TEXT_PART.size + _text_size(previous)
    keys, refs = list(now.hits), list(now.hits.refs.values())
    return previous[:end] + _pack_part(again, keys, refs)


def decode_prepared(payload: bytes) -> Prepared:
    """The prepared document of :func:`encode_prepared`'s bytes, its document put back."""
    view, end = memoryview(payload), _TEXT_PART.size + _text_size(payload)
    with no_cyclic_gc():
        groups, matches = _unframe(view[_TEXT_PART.size:end])
        doc_json, keys, refs, title_spans, rest = _unframe(view[end:])
        document = ExtractedDocument.model_validate_json(doc_json)
        hits = LazyHits(dict(zip(keys, refs, strict=True)), groups)
        matches = dataclasses.replace(matches, document=document, hits=hits, title_spans=title_spans)
    return dataclasses.replace(rest, matches=matches)


def _text_size(payload: bytes) -> int:
    magic, size = _TEXT_PART.unpack_from(payload)
    if magic != _MAGIC:
        raise ValueError("not a match result of this codec version (see is_current)")
    return int(size)


def _pack_part(prepared: Prepared, keys: list[str], refs: list[int]) -> bytes:
    """The document as JSON without page texts (``page_texts`` has them), which key has which
    list of hits, title spans, and the prepared document's own fields."""
    doc = prepared.document
    pages = [p.model_copy(update={"text": ""}) for p in doc.pages]
    doc_json = doc.model_copy(update={"pages": pages}).model_dump_json()
    rest = dataclasses.replace(prepared, matches=None)  # type: ignore[arg-type]
    return _frame((doc_json, keys, refs, prepared.matches.title_spans, rest))


def _frame(value: object) -> bytes:
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), MATCH_COMPRESSION_LEVEL)


def _unframe(data: memoryview) -> tuple:
    return pickle.loads(zlib.decompress(data))  # noqa: S301 - bukti's own database


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector while building ~10^5 acyclic objects (decoding hits here,
    matching a document in ``pipeline.jobs``); on again afterwards if it was on before.

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
    if isinstance(hits, LazyHits):
        return hits.packed()
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


class LazyHits(Mapping[str, list[Hit]]):
    """A document's hits by key, each key's list built when first read.

    Scoring reads every indicator's topic hits but the criteria's hits only of documents
    relevant to the indicator, most of a document's keys for none: building only what is read
    saves most of decoding a match result (~100k ``Hit`` objects for 300 generated documents).
    """

    def __init__(self, refs: dict[str, int], groups: list[tuple[tuple, ...]]) -> None:
        """``refs``: each key's index in ``groups``; keys with one row list share one list of
        hits, as they did when matched (``Hit.key`` is the first of them: scoring goes by the
        dict's keys)."""
        self._refs, self._groups = refs, groups
        self._first: dict[int, str] = {}
        for key, ref in refs.items():
            self._first.setdefault(ref, key)
        self._lists: dict[int, list[Hit]] = {}

    @property
    def refs(self) -> dict[str, int]:
        return self._refs

    @property
    def groups(self) -> list[tuple[tuple, ...]]:
        return self._groups

    def rekeyed(self, sources: Mapping[str, str]) -> LazyHits:
        """The hits of key ``sources[k]`` under each key ``k`` (those it has), none built: what
        ``rules.rematch`` does to a previous result whose keys change but not their hits."""
        return LazyHits({key: self._refs[src] for key, src in sources.items() if src in self._refs},
                        self._groups)

    def packed(self) -> tuple[list[str], list[int], list[tuple[tuple, ...]]]:
        """``_pack_hits`` of these hits without building them: the row lists read (distinct
        already) renumbered in order of first use, those no key has left out."""
        renumbered: dict[int, int] = {}
        refs = [renumbered.setdefault(ref, len(renumbered)) for ref in self._refs.values()]
        return list(self._refs), refs, [self._groups[ref] for ref in renumbered]

    def __getitem__(self, key: str) -> list[Hit]:
        return self._built(self._refs[key])

    def get(self, key: str, default: list[Hit] | None = None) -> list[Hit] | None:  # type: ignore[override]
        """As ``Mapping.get``, without its ``KeyError`` round trip: scoring asks every indicator's
        topic key of every document, and most documents have no hits under most of them."""
        ref = self._refs.get(key)
        return default if ref is None else self._built(ref)

    def _built(self, ref: int) -> list[Hit]:
        found = self._lists.get(ref)
        if found is None:
            first = self._first[ref]
            found = self._lists[ref] = [new_hit(first, *row) for row in self._groups[ref]]
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def __contains__(self, key: object) -> bool:
        return key in self._refs


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
