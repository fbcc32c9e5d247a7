"""The folded scorer (``rules.fold``, ``rules.tallies``) proposes exactly what scoring every
document's matches at once did (``whole_scoring``, a frozen copy of the scorer before folding):
levels, confidences, passages, criteria, rationales and guidance, folded one document at a
time, in batches joined afterwards, and with documents set aside scored a second time.
The frozen copy carries the citation curation and labels added beside folding (rules/citations.py,
rules/labels.py), so the two differ only in how the evidence is held while scoring."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from whole_scoring.engine import propose_from_prepared as whole_propose

from core.models import ExtractedDocument
from core.settings import ExtractOptions
from extractors.api import extract_document
from extractors.discovery.archive_folder import discover_documents
from rules.criteria import Prepared, topic_state, unnamed_state
from rules.engine import fold_prepared, prepare_document, propose_from_fold
from rules.fold import EvidenceFold
from rules.loader import load_rule_pack
from rules.schema import RulePack

PACKS = ["spbe-2020", "pemdi-2026"]


def _extract(folder: Path, workdir: Path) -> list[ExtractedDocument]:
    options = ExtractOptions(ocr="never")
    found = sorted(discover_documents(folder, workdir), key=lambda d: str(d.path))
    return [extract_document(d.path, options, raise_errors=False) for d in found]


def _dump(proposals: Sequence) -> list[dict]:
    return [p.model_dump(mode="json") for p in proposals]


def _in_batches(prepared: Sequence[Prepared], pack: RulePack, cuts: Sequence[int]) -> EvidenceFold:
    bounds = [0, *cuts, len(prepared)]
    folds = [fold_prepared(prepared[a:b], pack) for a, b in zip(bounds, bounds[1:], strict=False)]
    joined = folds[0]
    for fold in folds[1:]:
        joined.absorb(fold)
    return joined


def _check_same(prepared: list[Prepared], pack: RulePack) -> None:
    expected = _dump(whole_propose(prepared, pack))
    assert _dump(propose_from_fold(fold_prepared(prepared, pack), pack)) == expected
    n = len(prepared)
    for cuts in ([n // 2], [1, n // 3, n - 1]):
        assert _dump(propose_from_fold(_in_batches(prepared, pack, sorted(set(cuts))), pack)) == expected
    # a fold joined with another (documents set aside, scored a second time) is left as it was
    head = fold_prepared(prepared[: n // 2], pack)
    tail = pickle.loads(pickle.dumps(fold_prepared(prepared[n // 2 :], pack)))  # as from a worker
    both = head.joined(tail)
    assert _dump(propose_from_fold(both, pack)) == expected
    assert _dump(propose_from_fold(head, pack)) == _dump(whole_propose(prepared[: n // 2], pack))
    # or scored, then extended in place (pipeline.foreign.score_evidence): both proposals right
    head, tail = fold_prepared(prepared[: n // 2], pack), fold_prepared(prepared[n // 2 :], pack)
    assert _dump(propose_from_fold(head, pack)) == _dump(whole_propose(prepared[: n // 2], pack))
    head.absorb(tail)
    assert _dump(propose_from_fold(head, pack)) == expected


@pytest.mark.parametrize("framework", PACKS)
def test_fold_equals_whole_scoring_on_the_example_folder(example_folder: Path, framework: str,
                                                          tmp_path: Path) -> None:
    pack = load_rule_pack(framework)
    prepared = [prepare_document(d, pack) for d in _extract(example_folder, tmp_path)]
    assert len(prepared) >= 6
    _check_same(prepared, pack)
    _check_same(list(reversed(prepared)), pack)


def test_fold_equals_whole_scoring_with_no_documents() -> None:
    pack = load_rule_pack("spbe-2020")
    assert _dump(propose_from_fold(fold_prepared([], pack), pack)) == _dump(whole_propose([], pack))


def test_fold_of_another_pack_version_is_refused() -> None:
    pack = load_rule_pack("spbe-2020")
    fold = EvidenceFold.empty(pack)
    fold.pack_hash = "other"
    with pytest.raises(ValueError, match="another version"):
        propose_from_fold(fold, pack)


@pytest.mark.corpus
@pytest.mark.parametrize("framework", PACKS)
def test_fold_equals_whole_scoring_on_the_corpus(corpus_dir: Path, framework: str, tmp_path: Path) -> None:
    """Every corpus document (text layers only), one submission: all criterion kinds, ``after`` too."""
    pack = load_rule_pack(framework)
    documents = [d for d in _extract(corpus_dir, tmp_path) if d.pages]
    prepared = [prepare_document(d, pack) for d in documents]
    assert len(prepared) >= 20
    _check_same(prepared, pack)


def _variant(prepared: Prepared, n: int, classes: set[str], when: date) -> Prepared:
    """``prepared`` as another document (its own sha256), of other classes, dated ``when``."""
    document = prepared.document
    source = document.source.model_copy(update={"sha256": f"{n:064x}", "name": f"varian-{n}.pdf"})
    matches = dataclasses.replace(prepared.matches, document=document.model_copy(update={"source": source}))
    return dataclasses.replace(prepared, matches=matches, classes=prepared.classes | classes, when=when)


def test_fold_cites_a_later_revision_when_the_first_ones_predate_the_review(example_folder: Path,
                                                                            tmp_path: Path) -> None:
    """``after``: the first revisions drop out (dated before the review), the fourth is cited."""
    pack = load_rule_pack("spbe-2020")
    prepared = {d.source.name: prepare_document(d, pack) for d in _extract(example_folder, tmp_path)}
    policy, review = prepared["01_Perwali-17-2024_SPBE.pdf"], prepared["05_Notulen-Reviu-Kebijakan-SPBE.docx"]
    evidence = [_variant(review, 1, {"review_record"}, date(2023, 6, 1))]
    evidence += [_variant(policy, n, {"revised_policy"}, date(2019, 1, n)) for n in range(2, 6)]
    evidence += [_variant(policy, 9, {"revised_policy"}, date(2024, 1, 1))]
    expected = whole_propose(evidence, pack)
    cited = {p.sha256 for proposal in expected for c in proposal.criteria if c.rule_id.endswith("/revised")
             for p in c.passages}
    assert cited == {f"{9:064x}"}  # the case this test is about: only the late revision counts
    _check_same(evidence, pack)


@pytest.mark.parametrize("framework", PACKS)
def test_a_topic_named_nowhere_reads_as_the_shared_unnamed_state(example_folder: Path, framework: str,
                                                                  tmp_path: Path) -> None:
    """The fold gives a document one ``unnamed_state`` for every topic whose key has neither hits
    nor title spans: it must be what ``topic_state`` says for each such topic."""
    pack = load_rule_pack(framework)
    compared = 0
    for prepared in (prepare_document(d, pack) for d in _extract(example_folder, tmp_path)):
        shared = unnamed_state(prepared, pack)
        for spec in pack.indicators():
            rules = pack.rules_for(spec.id)
            key = pack.topic_rule_id(spec.id)
            named = key in prepared.matches.hits or key in prepared.matches.title_spans
            if spec.manual or rules is None or named:
                continue
            assert topic_state(prepared, rules.topic, key, pack) == shared
            compared += 1
    assert compared > 0
