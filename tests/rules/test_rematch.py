"""Re-matching after a pack edit gives what matching in full gives, and is used when it can be.

Packs are edited copies of spbe-2020 in a temporary folder: a phrase no document contains
added to a topic (re-match without tokenising), a phrase the documents do contain (those
documents must be matched in full), a phrase removed, a pattern added, a level's threshold
changed (no term set changed at all).
"""

from __future__ import annotations

import dataclasses
import pickle
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from core.settings import ExtractOptions, OcrMode
from extractors.api import extract_document
from extractors.discovery.archive_folder import discover_files
from pipeline.codec import decode_prepared, encode_prepared
from pipeline.models import AssessOptions
from pipeline.run import assess_incremental
from rules.criteria import Prepared
from rules.engine import prepare_document
from rules.loader import load_rule_pack
from rules.rematch import rematch
from rules.signatures import decode_table, encode_table, pack_table

REPO = Path(__file__).resolve().parents[2]
PACK = REPO / "rules" / "packs" / "spbe-2020"
Edit = Callable[[dict], None]


def _edited(tmp: Path, name: str, edit: Edit) -> Path:
    target = tmp / name
    shutil.copytree(PACK, target)
    rules_file = sorted((target / "rules").glob("*.yaml"))[0]
    data = yaml.safe_load(rules_file.read_text(encoding="utf-8"))
    edit(data)
    rules_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _add_phrase(phrase: str) -> Edit:
    return lambda data: data["indicator_rules"][0]["topic"]["phrases"].append(phrase)


def _drop_first_phrase(data: dict) -> None:
    data["indicator_rules"][0]["topic"]["phrases"].pop(0)


def _add_pattern(data: dict) -> None:
    topic = data["indicator_rules"][0]["topic"]
    topic.setdefault("patterns", []).append([{"LOWER": "cetakbiru"}, {"LOWER": "spbe"}])


def _raise_min_count(data: dict) -> None:
    topic = data["indicator_rules"][0]["topic"]
    topic["min_count"] = topic.get("min_count", 1) + 1


@pytest.fixture(scope="module")
def documents() -> list:
    root = REPO / "examples" / "kota-sukamaju"
    return [extract_document(p, ExtractOptions(ocr=OcrMode.never)) for p in discover_files(root)]


def _stored(prepared: Prepared, basis: str = "b") -> Prepared:
    prepared.matches.basis = basis
    return decode_prepared(encode_prepared(prepared))


def _same(a: Prepared, b: Prepared) -> None:
    fields = ("start_tok", "end_tok", "page", "page_start", "page_end", "zone", "heading", "text")
    def rows(m):
        return {k: [tuple(getattr(h, f) for f in fields) for h in v] for k, v in m.hits.items() if v}
    assert rows(a.matches) == rows(b.matches)
    assert {k: v for k, v in a.matches.title_spans.items() if v} == {
        k: v for k, v in b.matches.title_spans.items() if v}
    assert (a.classes, a.topic_scores, a.candidate_subjects, a.meta_confidence, a.when) == (
        b.classes, b.topic_scores, b.candidate_subjects, b.meta_confidence, b.when)


@pytest.mark.parametrize("edit, reused", [
    (_add_phrase("cetak biru kelembagaan siber antariksa"), "all"),
    (_add_phrase("sistem pemerintahan berbasis elektronik"), "some"),
    (_add_phrase("elektronik berbasis pemerintahan sistem"), "all"),  # its words occur, never in this order
    (_add_phrase(""), "all"),  # an empty phrase never matches
    (_drop_first_phrase, "none"),
    (_add_pattern, "all"),
    (_raise_min_count, "all"),
], ids=["absent-phrase", "present-phrase", "scattered-words", "empty-phrase", "dropped-phrase", "pattern",
        "threshold"])
def test_rematch_equals_matching_in_full(documents: list, tmp_path: Path, edit: Edit, reused: str) -> None:
    old, new = load_rule_pack("spbe-2020"), load_rule_pack(_edited(tmp_path, "edited", edit))
    assert old.content_hash != new.content_hash
    results = []
    for doc in documents:
        again = rematch(_stored(prepare_document(doc, old)), new, decode_table(encode_table(pack_table(old))))
        if again is not None:
            _same(again, prepare_document(doc, new))
        results.append(again is not None)
    if reused == "all":
        assert all(results)
    elif reused == "some":  # the documents containing the phrase are matched in full
        assert any(results) and not all(results)
    else:  # a phrase removed: its matches may be among the stored hits
        assert not any(results)


def test_a_result_of_another_framework_is_never_reused(documents: list) -> None:
    spbe, pemdi = load_rule_pack("spbe-2020"), load_rule_pack("pemdi-2026")
    assert rematch(_stored(prepare_document(documents[0], pemdi)), spbe, pack_table(pemdi)) is None


def test_a_pack_edit_rescored_incrementally_proposes_as_a_cold_run(example_folder: Path,
                                                                   tmp_path: Path) -> None:
    edited = str(_edited(tmp_path, "edited", _add_phrase("cetak biru kelembagaan siber antariksa")))
    warm, cold = f"sqlite:///{tmp_path / 'warm.db'}", f"sqlite:///{tmp_path / 'cold.db'}"
    common = {"region": "Kota Sukamaju", "year": 2024, "extract": ExtractOptions(ocr=OcrMode.never)}
    assess_incremental(example_folder, AssessOptions(database_url=warm, **common))
    again = assess_incremental(example_folder, AssessOptions(database_url=warm, framework=edited, **common))
    fresh = assess_incremental(example_folder, AssessOptions(database_url=cold, framework=edited, **common))
    assert again.work.matched == fresh.work.matched > 0 and again.work.extracted == 0
    assert [(p.indicator_id, p.level, p.confidence) for p in again.proposals] == [
        (p.indicator_id, p.level, p.confidence) for p in fresh.proposals]
    assert [[c.quote for c in p.passages] for p in again.proposals] == [
        [c.quote for c in p.passages] for p in fresh.proposals]


def test_rematch_job_reuses_a_result_only_of_the_same_text_name_and_code(
    documents: list, tmp_path: Path
) -> None:
    from pipeline.codec import content_hash
    from pipeline.jobs import _match, rematch_job

    edited = _edited(tmp_path, "edited", _add_phrase("cetak biru kelembagaan siber antariksa"))
    new = load_rule_pack(edited)
    doc = documents[0]
    text_hash = content_hash(doc)
    previous = _match(doc, text_hash, "spbe-2020", load_rule_pack("spbe-2020").content_hash).payload
    before = encode_table(pack_table(load_rule_pack("spbe-2020")))
    result = rematch_job(previous, before, text_hash, "/elsewhere/x.pdf", doc.source.name, str(edited),
                         new.content_hash)
    assert result is not None
    again = decode_prepared(result.payload)
    _same(again, prepare_document(doc, new))
    assert again.document.source.path == "/elsewhere/x.pdf"
    # another name (or text, or code): not reused, the caller matches the extraction in full
    framework, pack_hash = str(edited), new.content_hash
    assert rematch_job(previous, before, text_hash, "x.pdf", "renamed.pdf", framework, pack_hash) is None
    assert rematch_job(previous, before, "0" * 64, "x.pdf", doc.source.name, framework, pack_hash) is None
    # a result an older codec wrote (one zlib frame, codec 3): not misread, matched in full
    decoded = decode_prepared(previous)
    matches = dataclasses.replace(decoded.matches, document=None, hits={})
    older = zlib.compress(pickle.dumps((decoded.document.model_dump_json(), ([], [], []),
                                        dataclasses.replace(decoded, matches=matches))), 1)
    assert rematch_job(older, before, text_hash, "x.pdf", doc.source.name, framework, pack_hash) is None
    with pytest.raises(ValueError, match="codec"):
        decode_prepared(older)
    # this codec's marker, but a text part other rules code wrote that no longer unpickles here
    end = len(previous) - 1
    unreadable = previous[:8] + bytes(len(previous[8:end])) + previous[end:]
    assert rematch_job(unreadable, before, text_hash, "x.pdf", doc.source.name, framework, pack_hash) is None


def test_a_phrase_may_match_only_where_its_words_follow_each_other() -> None:
    from rules.rematch import _Tokens

    words = _Tokens(["tim", "koordinasi", "tim", "teknis", "spbe"], ["cetak", "biru"])
    assert words.contains(("tim", "teknis")) and words.contains(("spbe",))
    assert words.contains(("cetak", "biru"))
    assert words.contains(("teknis", "spbe")) and words.contains(("tim", "koordinasi", "tim"))
    assert not words.contains(("koordinasi", "teknis"))  # both occur, not one after the other
    assert not words.contains(("spbe", "cetak"))  # not across the text and the title
    assert not words.contains(("spbe", "spbe")) and not words.contains(("tata",)) and not words.contains(())
