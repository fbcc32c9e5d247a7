"""Bytes for the caches: extracted documents and matched documents, compressed.

An ``ExtractedDocument`` is stored as zlib-compressed JSON (the data contract's own format).
A matched document (``rules.criteria.Prepared``) is stored *compact*: the scorer needs the
hits, tokens, zones and page texts (for quotes), not the normalised copy of the text nor the
per-character offset table the matcher used to place hits, which are most of its memory.
The document inside travels as JSON (pydantic generic models do not pickle) without page
texts (``page_texts`` keeps them once); the rest is pickled. Pickle is only ever read from
bukti's own database, which is trusted like the code; the cache key includes a hash of the
``rules`` source, so a payload is never read by code other than the code that wrote it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import zlib
from functools import lru_cache
from pathlib import Path

import spacy

from core.models import ExtractedDocument
from rules.criteria import Prepared

COMPRESSION_LEVEL = 6  # zlib: ~6x smaller page text, ~1 ms per 100 kB


def encode_document(doc: ExtractedDocument) -> bytes:
    return zlib.compress(doc.model_dump_json().encode("utf-8"), COMPRESSION_LEVEL)


def decode_document(payload: bytes) -> ExtractedDocument:
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
    matches = dataclasses.replace(small.matches, document=None)
    body = pickle.dumps((doc_json, dataclasses.replace(small, matches=matches)), pickle.HIGHEST_PROTOCOL)
    return zlib.compress(body, COMPRESSION_LEVEL)


def decode_prepared(payload: bytes) -> Prepared:
    doc_json, prepared = pickle.loads(zlib.decompress(payload))  # noqa: S301 - bukti's own database
    document = ExtractedDocument.model_validate_json(doc_json)
    return dataclasses.replace(prepared, matches=dataclasses.replace(prepared.matches, document=document))


@lru_cache(maxsize=1)
def rules_code_hash() -> str:
    """Hash of the ``rules`` package source and the spaCy version: what produced a match payload.

    Part of every match key and evidence fingerprint, so changed matching or scoring code
    re-matches and re-scores instead of trusting results of older code.
    """
    import rules

    digest = hashlib.sha256(spacy.__version__.encode())
    for path in sorted(Path(rules.__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
