"""Cache payloads: compact match results score exactly like full documents; keys change when they must."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from core.settings import ExtractOptions, OcrMode
from extractors.api import extract_document
from extractors.discovery.archive_folder import discover_files
from pipeline.changed_proposals import same_as_stored
from pipeline.codec import (
    content_hash,
    decode_document,
    decode_prepared,
    encode_document,
    encode_prepared,
    rekeyed_payload,
)
from pipeline.keys import evidence_fingerprint, extraction_key, match_key
from pipeline.models import AssessOptions
from pipeline.run import assess_incremental
from rules.criteria import Prepared
from rules.engine import prepare_document, propose_from_prepared, propose_levels
from rules.loader import load_rule_pack
from store import current_proposals, get_engine, session_scope


@pytest.fixture(scope="module")
def example_documents() -> list:
    root = Path(__file__).resolve().parents[2] / "examples" / "kota-sukamaju"
    return [extract_document(p) for p in discover_files(root)]


@pytest.mark.parametrize("framework", ["spbe-2020", "pemdi-2026"])
def test_codec_compact_prepared_scores_like_full_documents(example_documents: list, framework: str) -> None:
    pack = load_rule_pack(framework)
    expected = propose_levels(example_documents, pack)
    payloads = [encode_prepared(prepare_document(d, pack)) for d in example_documents]
    got = propose_from_prepared([decode_prepared(p) for p in payloads], pack)
    assert [p.model_dump() for p in got] == [p.model_dump() for p in expected]
    if framework == "spbe-2020":  # the pack with rules: the comparison is not between empty results
        assert any(p.level >= 2 and p.passages for p in got)


def test_codec_document_round_trip(example_documents: list) -> None:
    for doc in example_documents:
        assert decode_document(encode_document(doc)) == doc


def test_codec_content_hash_ignores_location_only(example_documents: list) -> None:
    doc = example_documents[0]
    source = doc.source.model_copy(update={"path": "/x/y.pdf", "name": "y.pdf"})
    moved = doc.model_copy(update={"source": source})
    assert content_hash(moved) == content_hash(doc)
    edited = doc.model_copy(update={"pages": doc.pages[:-1]})
    assert content_hash(edited) != content_hash(doc)


def test_keys_change_with_what_changes_output() -> None:
    base = extraction_key("a" * 64, ExtractOptions())
    assert extraction_key("a" * 64, ExtractOptions(ocr_workers=1)) == base  # speed only
    assert extraction_key("a" * 64, ExtractOptions(ocr=OcrMode.force)) != base
    assert extraction_key("b" * 64, ExtractOptions()) != base
    assert match_key("c", "a.pdf", "p1") != match_key("c", "b.pdf", "p1") != match_key("c", "b.pdf", "p2")
    assert evidence_fingerprint(["k2", "k1"], "p") == evidence_fingerprint(["k1", "k2"], "p")
    assert evidence_fingerprint(["k1"], "p") != evidence_fingerprint(["k1", "k2"], "p")


def test_same_as_stored_detects_any_stored_difference(example_folder: Path, sqlite_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "0")
    result = assess_incremental(example_folder, AssessOptions(database_url=sqlite_url))
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        rows = {r.indicator_id: r for r in current_proposals(session, result.submission_id)}
        assert all(same_as_stored(p, rows[p.indicator_id]) for p in result.proposals)
        cited = next(p for p in result.proposals if p.passages)
        assert not same_as_stored(cited.model_copy(update={"confidence": 0.01}), rows[cited.indicator_id])
        moved = cited.passages[0].model_copy(update={"page": cited.passages[0].page + 1})
        changed = cited.model_copy(update={"passages": [moved, *cited.passages[1:]]})
        assert not same_as_stored(changed, rows[cited.indicator_id])
        assert not same_as_stored(cited, None)
    engine.dispose()


def test_codec_prepared_hits_round_trip_exactly(example_documents: list) -> None:
    pack = load_rule_pack("spbe-2020")
    for doc in example_documents:
        prepared = prepare_document(doc, pack)
        decoded = decode_prepared(encode_prepared(prepared))
        assert decoded.matches.hits == prepared.matches.hits  # every field, every key, in order
        assert all(type(h.zone) is type(prepared_hit.zone)
                   for key, hits in decoded.matches.hits.items()
                   for h, prepared_hit in zip(hits, prepared.matches.hits[key], strict=True))
        assert (decoded.matches.tokens, decoded.classes) == (prepared.matches.tokens, prepared.classes)


def test_codec_rekeyed_hits_encode_without_being_built(example_documents: list) -> None:
    """A decoded result re-keyed (``rules.rematch``) and encoded again equals the same hits
    re-keyed as plain lists and encoded; no hit is built on the way."""
    pack = load_rule_pack("spbe-2020")
    for doc in example_documents:
        prepared = prepare_document(doc, pack)
        decoded = decode_prepared(encode_prepared(prepared))
        keys = list(prepared.matches.hits)
        # every other key dropped, the rest under new names, one key's hits under two names
        sources = {f"new-{key}": key for key in keys[::2]} | {"twice": keys[0], "absent": "no-such-key"}
        rekeyed = decoded.matches.hits.rekeyed(sources)
        plain = {k: prepared.matches.hits[s] for k, s in sources.items() if s in prepared.matches.hits}
        lazy_payload = encode_prepared(replace(decoded, matches=replace(decoded.matches, hits=rekeyed)))
        plain_payload = encode_prepared(replace(prepared, matches=replace(prepared.matches, hits=plain)))
        assert not rekeyed._lists and not decoded.matches.hits._lists  # nothing built
        lazy = decode_prepared(lazy_payload).matches.hits
        expected = decode_prepared(plain_payload).matches.hits
        assert list(lazy) == list(expected) == list(plain)
        assert {k: lazy[k] for k in lazy} == {k: expected[k] for k in expected}
        assert len(lazy.groups) == len(expected.groups) < len(decoded.matches.hits.groups)  # unused left out


def _fields(prepared: Prepared) -> tuple:
    m = prepared.matches
    return (dict(m.hits.items()), m.tokens, m.title_tokens, m.page_texts, m.title_spans, m.basis, m.doc_text,
            m.document, prepared.classes, prepared.meta_confidence, prepared.when, prepared.topic_scores,
            prepared.candidate_subjects)


def test_codec_rekeyed_payload_keeps_the_text_part(example_documents: list) -> None:
    """Re-keyed and derived again under another pack (``rules.rematch``), a result is stored
    with its previous text part's bytes and decodes as the same result encoded in full."""
    pack = load_rule_pack("spbe-2020")
    doc = example_documents[0]
    prepared = prepare_document(doc, pack)
    prepared.matches.basis = "text|name|code"
    previous = encode_prepared(prepared)
    decoded = decode_prepared(previous)
    keys = list(decoded.matches.hits)
    sources = {f"new-{key}": key for key in keys[1:]}
    moved = decoded.document.model_copy(update={"source": decoded.document.source.model_copy(
        update={"path": "/elsewhere/" + doc.source.name})})
    rekeyed = decoded.matches.hits.rekeyed(sources)
    matches = replace(decoded.matches, hits=rekeyed, document=moved, title_spans={"t": [(0, 1)]})
    again = replace(decoded, classes=frozenset({"x"}), topic_scores={"1": 7}, matches=matches)
    payload = rekeyed_payload(previous, decoded, again)
    text_part = 8 + int.from_bytes(previous[4:8], "little")  # after the magic and the text part's length
    assert payload[:text_part] == previous[:text_part]  # the same bytes, not encoded again
    in_full = decode_prepared(encode_prepared(again))
    assert _fields(decode_prepared(payload)) == _fields(in_full) == _fields(again)
    assert decode_prepared(payload).document.source.path == "/elsewhere/" + doc.source.name
    # a result with hits of its own (not re-keyed from the previous one): encoded in full
    own = replace(again, matches=replace(again.matches, hits=dict(again.matches.hits.items())))
    assert rekeyed_payload(previous, decoded, own) == encode_prepared(own)
