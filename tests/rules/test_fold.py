"""The folded scorer (``rules.fold``, ``rules.tallies``) proposes exactly what scoring every
document's matches at once did (``whole_scoring``, a frozen copy of the scorer before folding):
levels, confidences, passages, criteria, rationales and guidance, folded one document at a
time, in batches joined afterwards, and with documents set aside scored a second time."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from pathlib import Path

import pytest
from whole_scoring.engine import propose_from_prepared as whole_propose

from core.models import ExtractedDocument
from core.settings import ExtractOptions
from extractors.api import extract_document
from extractors.archive_discover import discover_documents
from rules.criteria import Prepared
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
