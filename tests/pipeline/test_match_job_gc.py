"""A worker matches and encodes a document with the cyclic garbage collector paused.

Matching allocates ~10^5 acyclic objects a document; collections triggered by those bursts
were ~3 % of the jobs' CPU. The checks: while ``_match`` runs on a document with thousands of
hits, no collection starts but the one the pause deferred; the collector is back on
afterwards (also after an error), and a collector the caller had turned off stays off.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from core.settings import ExtractOptions
from extractors.api import extract_document
from pipeline import codec, jobs
from pipeline.codec import content_hash, decode_prepared
from rules.loader import load_rule_pack

TEXT = ("Kebijakan internal tata kelola Sistem Pemerintahan Berbasis Elektronik (SPBE) dan arsitektur "
        "SPBE pemerintah daerah; rencana induk SPBE, peta rencana SPBE, manajemen data, layanan publik "
        "berbasis elektronik, aplikasi umum dan pusat data nasional.\n")


def test_no_collection_while_a_document_is_matched(tmp_path: Path) -> None:
    path = tmp_path / "kebijakan.txt"
    path.write_text("\f".join(TEXT * 40 for _ in range(5)), encoding="utf-8")
    doc = extract_document(path, ExtractOptions(ocr="never"), raise_errors=False)
    pack = load_rule_pack("spbe-2020")
    text_hash = content_hash(doc)
    jobs._match(doc, text_hash, "spbe-2020", pack.content_hash)  # the pack loaded and compiled
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        result = jobs._match(doc, text_hash, "spbe-2020", pack.content_hash)
    finally:
        gc.callbacks.remove(count)
    assert sum(len(h) for h in decode_prepared(result.payload).matches.hits.values()) > 1000
    # allocations still count while paused: the first one after the pause starts one collection
    assert len(collections) <= 1, collections
    assert gc.isenabled()


def test_the_collector_is_restored_after_an_error() -> None:
    with pytest.raises(RuntimeError), codec.no_cyclic_gc():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with codec.no_cyclic_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
