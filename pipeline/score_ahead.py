"""Scoring begun early: a run's evidence, folded and scored while its documents are stored.

``evidence_of`` says what a run scores: the match results that count, those set aside
(``pipeline.foreign``) and why, and the evidence fingerprint. ``score_ahead`` compares that
fingerprint with the previous finished run's (equal: nothing to score), plans a partial
re-score after a rule-pack edit (``pipeline.touched``), and starts the fold and scoring on a
thread, whose fold jobs run in the workers, while the flow process stores the documents:
they read only the cached match results, and only saving the proposals needs the stored
documents. They read through ``reader``, an engine whose SQLite transactions begin deferred:
through the writers' engine (every transaction ``BEGIN IMMEDIATE``) each read waited for the
transaction storing documents beside it to commit.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from dataclasses import dataclass

from sqlalchemy import Engine

from core.models import Proposal
from pipeline.foreign import withheld_keys
from pipeline.keys import evidence_fingerprint
from pipeline.models import ForeignDocument
from pipeline.touched import PartialScore, fold_and_score, plan_partial
from pipeline.work import DocumentWork
from rules.schema import RulePack
from store.cache import last_fingerprint
from store.db import session_scope

Scored = tuple[list[Proposal], str, PartialScore | None]  # proposals, cross digest, the partial plan


@dataclass(frozen=True)
class Evidence:
    """What a run scores: counted and withheld documents, why each withheld one is set aside,
    and the fingerprint that says whether anything changed since the previous run."""

    counted: list[DocumentWork]
    withheld: list[DocumentWork]
    set_aside: dict[str, str]  # sha256 -> reason
    foreign: list[ForeignDocument]
    fingerprint: str


def evidence_of(works: list[DocumentWork], pack: RulePack, foreign: list[ForeignDocument]) -> Evidence:
    """The evidence of a run's processed documents."""
    usable = [w for w in works if w.usable and w.match_key]
    set_aside = {f.sha256: f.reason for f in foreign if not f.accepted}
    counted = [w for w in usable if w.file.sha256 not in set_aside]
    withheld = [w for w in usable if w.file.sha256 in set_aside]
    keys = [w.match_key or "" for w in counted] + withheld_keys(withheld, foreign)
    return Evidence(counted, withheld, set_aside, foreign, evidence_fingerprint(keys, pack.content_hash))


def score_ahead(engine: Engine, reader: Engine, run_id: int, submission_id: int, evidence: Evidence,
                pack: RulePack, framework: str, ahead: Executor) -> Future[Scored] | None:
    """The proposals of ``evidence``, being folded and scored on ``ahead``; None when the
    evidence is the same as the previous finished run's (the lease keeps any other run of the
    submission from finishing meanwhile)."""
    with session_scope(engine) as session:
        if last_fingerprint(session, submission_id) == evidence.fingerprint:
            return None
        partial = plan_partial(session, submission_id, evidence.counted, evidence.withheld, evidence.foreign,
                               pack)
    if partial is not None and not partial.touched:  # nothing scoring reads changed: no fold
        done: Future[Scored] = Future()
        done.set_result((partial.merged([], pack), partial.cross, partial))
        return done
    return ahead.submit(fold_and_score, reader, run_id, evidence.counted, evidence.withheld,
                        evidence.set_aside, pack, framework, partial)
