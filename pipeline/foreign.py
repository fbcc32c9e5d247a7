"""Evidence from another government: find it, say why it is set aside, score without it.

A run compares every document that would count as evidence with the submission's government
(``rules.regions``): the region the operator named (``--region``, or the ``<region>/<year>``
folder layout), else the one a clear majority of the documents name; with neither, nothing is
foreign. A document naming only other governments is *foreign*: it does not count toward any
proposal until an assessor accepts it (``store.acceptances``), and each proposal it would have
been cited in records it as withheld, with the level it would have given. Documents the pack
already sets aside (national regulations, evaluation reports) are not looked at again.

Acceptance takes effect at the next run (``bukti assess`` or the nightly flow): proposals are
only ever made by runs, under the submission's lease, so an acceptance never races a run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from core.models import Proposal, WithheldDocument
from pipeline.models import AssessOptions, ForeignDocument
from pipeline.work import DocumentWork
from rules.doc_classes import non_evidence_class
from rules.engine import propose_from_fold
from rules.fold import EvidenceFold
from rules.regions import (
    Government,
    Relation,
    document_government,
    document_relation,
    foreign_reason,
    reference_government,
)
from rules.schema import RulePack


class Acceptance(BaseModel):
    """An assessor's acceptance in force, as a run needs it."""

    model_config = ConfigDict(extra="forbid")

    user: str
    reason: str


def given_region(root: Path, options: AssessOptions) -> str | None:
    """The region the operator named: the option, else ``<region>/<year>`` in the folder's path."""
    if options.region:
        return options.region
    if root.name.isdigit() and len(root.name) == 4:
        return root.parent.name
    return None


def candidates(works: Sequence[DocumentWork], pack: RulePack) -> list[DocumentWork]:
    """Documents that would count as evidence: read, not duplicates, not set aside by the pack."""
    return [
        w for w in works
        if w.usable and w.match_key and non_evidence_class(
            w.outcome.doc_type, w.outcome.legal_status, w.outcome.title, pack, w.outcome.issuer) is None
    ]


def reference_for(root: Path, works: Sequence[DocumentWork], options: AssessOptions,
                  pack: RulePack) -> Government | None:
    """The government this run compares documents with (None: nothing is foreign)."""
    named = [document_government(w.outcome.issuer, w.region) for w in candidates(works, pack)]
    return reference_government(given_region(root, options), named)


def find_foreign(works: Sequence[DocumentWork], reference: Government | None, pack: RulePack,
                 accepted: Mapping[str, Acceptance]) -> list[ForeignDocument]:
    """The candidate documents that name only other governments, with their reason and acceptance."""
    if reference is None:
        return []
    found = []
    for work in candidates(works, pack):
        relation, government = document_relation(reference, work.outcome.issuer, work.region)
        if relation is not Relation.different or government is None:
            continue
        acceptance = accepted.get(work.file.sha256)
        found.append(ForeignDocument(
            path=work.file.path, name=work.file.name, sha256=work.file.sha256, government=government.label,
            reference=reference.label, reason=foreign_reason(government, reference),
            accepted_by=acceptance.user if acceptance else None,
            accepted_reason=acceptance.reason if acceptance else None,
        ))
    return found


def withheld_keys(works: Sequence[DocumentWork], foreign: Sequence[ForeignDocument]) -> list[str]:
    """What the evidence fingerprint adds for documents set aside: their key and their reason.

    Accepting or revoking a document, or a new reason, changes the fingerprint, so the next run
    scores again even though no file changed.
    """
    reasons = {f.sha256: f.reason for f in foreign if not f.accepted}
    return [f"withheld:{w.match_key}:{reasons[w.file.sha256]}" for w in works
            if w.match_key and w.file.sha256 in reasons]


def score_evidence(counted: EvidenceFold, withheld: EvidenceFold | None, reasons: Mapping[str, str],
                   pack: RulePack, others: Sequence[Proposal] = ()) -> list[Proposal]:
    """Proposals from the counted documents; each names the withheld ones it would have cited.

    ``withheld`` (documents set aside, ``reasons`` by sha256) is scored once more after the
    counted ones (only when there are any), so an assessor sees, per indicator, which of them
    would have been cited and the level the indicator would have had with them.

    ``counted`` is extended by ``withheld`` once its own proposals are made (proposals copy what
    they cite out of the fold): copying it instead (``EvidenceFold.joined``) cost ~0.3 CPU-s at
    1,000 documents, every tally and passage deep-copied.

    ``others`` (a partial re-score, ``pipeline.touched``): the proposals of the indicators the
    folds leave out, for the sibling comparison (``rules.engine.propose_from_fold``). Only the
    counted proposals need them: of the scoring with the withheld documents only the level and
    what it cites are kept, which that comparison does not change.
    """
    proposals = propose_from_fold(counted, pack, others)
    if withheld is None or not withheld.documents:
        return proposals
    named = {d.sha256: (d.document.source.name, reasons[d.sha256]) for d in withheld.documents}
    counted.absorb(withheld)
    with_all = {p.indicator_id: p for p in propose_from_fold(counted, pack)}
    return [_with_withheld(p, with_all[p.indicator_id], named) for p in proposals]


def _with_withheld(proposal: Proposal, alternative: Proposal, named: dict[str, tuple[str, str]]) -> Proposal:
    cited = set(alternative.documents) | {p.sha256 for p in alternative.passages}
    entries = [
        WithheldDocument(sha256=sha, file_name=name, reason=reason, level_with=alternative.level)
        for sha, (name, reason) in sorted(named.items(), key=lambda item: item[1][0])
        if sha in cited
    ]
    return proposal.model_copy(update={"withheld": entries}) if entries else proposal
