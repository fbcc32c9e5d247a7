"""Re-score only the indicators a rule-pack edit can change (``rules.indicator_digest``).

When the previous finished run of a submission scored the same evidence (same documents,
same set-asides and acceptances) under another version of the pack, an indicator whose own
rules and spec are unchanged, in a pack whose shared parts are unchanged, would get exactly
the proposal it already has but for the pack version and hash it names. So finalize folds and
scores only the *touched* indicators and takes the current proposals of the others, stamped
with the new pack (and stored again, as a full re-score does: a proposal names its pack, the
review app marks a decision on another pack's proposal stale and a submission with one
outdated). What it stores and returns is what a full re-score gives
(tests/pipeline/test_touched.py compares them for each kind of edit).

``plan_partial`` says whether that holds, conservatively, or None (score everything): the
previous run's fingerprint must equal the one this run's evidence gives under the previous
run's pack (its match keys recomputed for that pack hash), and that pack version's digests
and what its evidence showed every indicator (``store.rescore_basis``) must be stored.
``fold_and_score`` then takes care of the two ways indicators depend on each other:

* the fold of the touched indicators still reads every document and records what any
  indicator's view of it reads beyond its own topic (``rules.fold.EvidenceFold.cross``): when
  that differs from the previous run's (a touched topic became a document's strongest), every
  indicator is scored;
* an SPBE policy's indicators are compared with their aspect's siblings (``sibling_gaps``):
  the touched ones with the others' current proposals, and where a touched indicator's level
  or supporting documents changed, the siblings compared with it are folded and scored too.

A touched indicator whose edit only added phrases (its phraseless digest unchanged,
``rules.indicator_digest``) is not folded either when this run re-keyed every document's match
result from the one the previous run scored (``DocumentWork.rematched_from``): ``rules.rematch``
re-keys only when no added phrase can match, so every document has exactly the hits and
derived values it had, and scoring reads phrases only through hits. Any document matched in
full, found cached, or re-keyed from another pack version's result: it is folded as above.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.models import Proposal
from pipeline.foreign import score_evidence, withheld_keys
from pipeline.keys import evidence_fingerprint, match_key
from pipeline.models import ForeignDocument
from pipeline.score_fold import cross_digest, fold_evidence
from pipeline.work import DocumentWork
from rules.fold import DocumentInfo, EvidenceFold
from rules.indicator_digest import PackDigests, pack_digests, phrases_only, touched
from rules.schema import RulePack
from store.cache import find_extractions
from store.convert import to_proposal
from store.models import ProposalRow
from store.repository import current_proposals
from store.rescore_basis import (
    load_evidence_cross,
    load_pack_digests,
    previous_basis,
    put_evidence_cross,
    put_pack_digests,
)

log = logging.getLogger("bukti.pipeline")


@dataclass(frozen=True)
class PartialScore:
    """What a partial re-score needs: the indicators to score, the others' current proposals."""

    touched: frozenset[str]
    current: dict[str, Proposal]  # every indicator's current proposal, stamped with this run's pack
    cross: str  # what the previous run's evidence showed every indicator (``score_fold.cross_digest``)
    unmatched: frozenset[str] = frozenset()  # edited in phrases that matched nowhere: not folded
    # the current proposals' rows the plan read (detached), for ``save_changed`` to compare with
    rows: dict[str, ProposalRow] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def merged(self, scored: Sequence[Proposal], pack: RulePack) -> list[Proposal]:
        """The scored proposals, the current ones of the other indicators, in the pack's order."""
        fresh = {p.indicator_id: p for p in scored}
        return [fresh.get(spec.id) or self.current[spec.id] for spec in pack.indicators()]

    def others(self, scored: Sequence[Proposal] = ()) -> list[Proposal]:
        """Every indicator's proposal as far as known: fresh ones of ``scored``, else current."""
        fresh = {p.indicator_id for p in scored}
        return [*scored, *(p for i, p in self.current.items() if i not in fresh)]

    def siblings(self, scored: Sequence[Proposal], documents: Sequence[DocumentInfo],
                 pack: RulePack) -> frozenset[str]:
        """The indicators outside ``touched`` that are compared with a scored one whose level or
        supporting documents changed (``rules.confidence.sibling_gaps``): an aspect's indicator
        at level 1 or more that an SPBE policy (``broad_classes``) supports."""
        if pack.relevance is None:
            return frozenset()
        moved = {p.indicator_id for p in scored
                 if (p.level, p.documents) != (self.current[p.indicator_id].level,
                                               self.current[p.indicator_id].documents)}
        broad = {d.sha256 for d in documents if d.classes & set(pack.relevance.broad_classes)}
        found = set()
        for aspect in (a for d in pack.domains for a in d.aspects):
            if moved & {i.id for i in aspect.indicators}:
                found |= {i.id for i in aspect.indicators if i.id not in self.touched
                          and self.current[i.id].level >= 1 and broad & set(self.current[i.id].documents)}
        return frozenset(found)


def plan_partial(session: Session, submission_id: int, counted: Sequence[DocumentWork],
                 withheld: Sequence[DocumentWork], foreign: Sequence[ForeignDocument],
                 pack: RulePack) -> PartialScore | None:
    """The partial re-score this run may do, or None: score every indicator."""
    basis = previous_basis(session, submission_id)
    if basis is None or basis[1] == pack.content_hash:  # no previous run, or the evidence changed
        return None
    fingerprint, old_hash = basis
    stored = load_pack_digests(session, old_hash)
    before = PackDigests.decode(stored) if stored is not None else None
    cross = load_evidence_cross(session, fingerprint)
    if before is None or cross is None:
        return None
    if _previous_fingerprint(session, counted, withheld, foreign, pack, old_hash) != fingerprint:
        return None
    after = pack_digests(pack)
    indicators = touched(before, after)
    if indicators is None:
        return None
    unmatched = phrases_only(before, after, indicators) if _all_rekeyed([*counted, *withheld], old_hash) \
        else frozenset()
    rows = {row.indicator_id: row for row in current_proposals(session, submission_id)}
    current = {i: to_proposal(row) for i, row in rows.items()}
    if set(current) != {spec.id for spec in pack.indicators()}:
        return None
    stamp = {"framework": pack.name, "pack_version": pack.version, "pack_hash": pack.content_hash}
    if unmatched:
        log.info("indicators %s: only phrases that matched no document added, not folded", sorted(unmatched))
    return PartialScore(indicators - unmatched, {i: p.model_copy(update=stamp) for i, p in current.items()},
                        cross, unmatched, rows)


def fold_and_score(engine: Engine, run_id: int, counted: list[DocumentWork], withheld: list[DocumentWork],
                    set_aside: dict[str, str], pack: RulePack, framework: str,
                    partial: PartialScore | None) -> tuple[list[Proposal], str, PartialScore | None]:
    """Fold and score the indicators ``partial`` touches (all without it), then their aspects'
    siblings they are compared with where needed (``PartialScore.siblings``), or all indicators
    after all when the documents show the others something else than at the previous run."""
    def fold(only: frozenset[str] | None) -> tuple[EvidenceFold, EvidenceFold | None]:
        folded = fold_evidence(engine, run_id, [w.match_key or "" for w in counted], pack, framework, only)
        if not withheld:
            return folded, None
        keys = [w.match_key or "" for w in withheld]
        return folded, fold_evidence(engine, run_id, keys, pack, framework, only)

    folded, held = fold(partial.touched if partial is not None else None)
    cross = cross_digest(folded, held)  # before scoring: ``score_evidence`` extends ``folded``
    if partial is None:
        return score_evidence(folded, held, set_aside, pack), cross, None
    if cross != partial.cross:
        log.info("run=%d a touched topic changed what documents show other indicators: scoring all", run_id)
        return fold_and_score(engine, run_id, counted, withheld, set_aside, pack, framework, None)
    scored = score_evidence(folded, held, set_aside, pack, partial.others())
    siblings = partial.siblings(scored, folded.documents, pack)
    if siblings:  # their sibling comparison changed: scored with the fresh proposals beside them
        folded, held = fold(siblings)
        scored += score_evidence(folded, held, set_aside, pack, partial.others(scored))
        partial = dataclasses.replace(partial, touched=partial.touched | siblings)
    return partial.merged(scored, pack), cross, partial


def remember(session: Session, pack: RulePack, fingerprint: str, cross: str) -> None:
    """Store this pack version's digests and what this run's evidence showed every indicator,
    for the next partial re-score."""
    put_pack_digests(session, pack.content_hash, pack_digests(pack).encode())
    put_evidence_cross(session, fingerprint, pack.content_hash, cross)


def _all_rekeyed(works: Sequence[DocumentWork], old_hash: str) -> bool:
    """Whether this run brought every document's match result from its result under the pack
    with ``old_hash`` by re-keying (``rules.rematch``): then every document has the hits it had,
    for each key of an indicator whose phrases only grew (no added phrase can match it). The
    fingerprint check makes those results the ones the previous run scored: the same text and
    name (``rematch_job``'s basis check), under that pack."""
    return all(w.rematched_from == old_hash for w in works)


def _previous_fingerprint(session: Session, counted: Sequence[DocumentWork], withheld: Sequence[DocumentWork],
                          foreign: Sequence[ForeignDocument], pack: RulePack, old_hash: str) -> str | None:
    """The fingerprint this run's evidence has under the pack with ``old_hash`` (None: unknown)."""
    works = [*counted, *withheld]
    infos = find_extractions(session, [w.extraction_key for w in works])
    old: list[str] = []
    for work in works:
        info = infos.get(work.extraction_key)
        if info is None or match_key(info.content_hash, work.file.name, pack.content_hash) != work.match_key:
            return None  # the match key was not made from this extraction: cannot recompute it
        old.append(match_key(info.content_hash, work.file.name, old_hash))
    held = [w.model_copy(update={"match_key": key})
            for w, key in zip(withheld, old[len(counted):], strict=True)]
    return evidence_fingerprint(old[:len(counted)] + withheld_keys(held, foreign), old_hash)
