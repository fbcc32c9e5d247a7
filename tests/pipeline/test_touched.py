"""A re-score after a rule-pack edit scores only the indicators the edit touches (``pipeline.touched``)
and stores, returns and indexes exactly what a full re-score does.

One submission (the example folder, generated regulations, decrees and minutes, and another
government's regulation, set aside) is assessed once with spbe-2020; each test copies that
database twice, edits a copy of the pack, and re-scores one copy as a run would (partially,
where it may) and the other with the pack's stored digests deleted (so in full). Real SQLite,
real pipeline, no stand-ins.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from foreign_support import FOREIGN_FILE, _generator, write_foreign_regulation
from pack_edits import (
    EDITS,
    MANY_TIMES,
    Edit,
    repeated_topic_phrase,
    sibling_threshold,
    topic_phrase,
)

from core.settings import ExtractOptions, OcrMode
from pipeline.changed_proposals import same_as_stored
from pipeline.models import AssessOptions
from pipeline.run import assess_incremental
from pipeline.work import RunResult
from rules.loader import load_rule_pack
from rules.schema import RulePack
from store import current_proposals, get_engine, session_scope
from store.cache import PACK_DIGESTS
from store.convert import to_proposal
from store.decisions import add_decision, latest_decisions
from store.models import DecisionAction
from store.review_repo import review_states

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "kota-sukamaju"
ASPECT_6 = frozenset({"29", "30", "31"})
SCORED = {  # (indicators each edit leaves to score, None: every one; those not folded at all)
    "topic phrase": (0, 1),  # no document holds it: re-matching re-keyed every hit, nothing to fold
    "topic phrase some documents hold": (None, 0),  # documents' strongest topic scores changed
    "criterion threshold and description": (1, 0),  # indicator 12's level does not change here
    "topic phrase one document holds many times": (None, 0),  # what that document shows others changed
    "threshold of an indicator with siblings": (1 + 9, 0),  # level 4 -> 3: its aspect's policy siblings too
    "term list (shared)": (None, 0),
    "document class (shared)": (None, 0),
    "version only (nothing scoring reads)": (0, 0),
    "indicator name": (1, 0),
    "topic phrase removed": (None, 0),  # matched in full; documents held it: their topic scores changed
    "criterion phrase some documents hold": (1, 0),  # matched: indicator 2 folded (its proposal changes)
    "topic phrase and a criterion threshold": (1, 1),  # 12 folded, 1 not
}


@dataclass(frozen=True)
class Base:
    folder: Path
    pack: Path
    database: Path
    first: RunResult


def _run(folder: Path, database: Path, pack: Path) -> RunResult:
    options = AssessOptions(database_url=f"sqlite:///{database}", framework=str(pack), region="Kota Sukamaju",
                            year=2024, extract=ExtractOptions(ocr=OcrMode.never))
    return assess_incremental(folder, options)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    root = tmp_path_factory.mktemp("touched")
    folder = root / "folder"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    generate = _generator()
    templates = (generate.texts.PERWALI_SPBE, generate.texts.SK_TIM, generate.texts.NOTULEN,
                 generate.texts.RANCANGAN_ARSITEKTUR)
    for n in range(8):
        text = templates[n % len(templates)].replace("2024", str(2019 + n % 5))
        generate.write_text_pdf(folder / f"dok-{n:02d}.pdf", f"{text}\nDokumen uji nomor {n}")
    repeated = f"{generate.texts.NOTULEN}\n" + " ".join([f"{MANY_TIMES} ."] * 60)
    generate.write_text_pdf(folder / "notulen-frasa.pdf", repeated)
    write_foreign_regulation(folder / FOREIGN_FILE)
    pack = root / "pack"
    shutil.copytree(REPO / "rules" / "packs" / "spbe-2020", pack)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BUKTI_WORKERS", "0")
        first = _run(folder, root / "first.db", pack)
    assert first.foreign and any(p.withheld for p in first.proposals)  # the set-aside path is covered
    return Base(folder, pack, root / "first.db", first)


@pytest.fixture(autouse=True)
def _in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUKTI_WORKERS", "0")


def _edited(base: Base, tmp_path: Path, edit: Edit) -> Path:
    pack = tmp_path / "spbe-2020"
    shutil.copytree(base.pack, pack)
    edit(pack)
    return pack


def _copies(base: Base, tmp_path: Path) -> tuple[Path, Path]:
    """(a copy of the first run's database, one without stored pack digests: re-scored in full)."""
    partial, full = tmp_path / "partial.db", tmp_path / "full.db"
    source = sqlite3.connect(base.database)
    for target in (partial, full):
        with sqlite3.connect(target) as copy:
            source.backup(copy)  # the write-ahead log's pages too
    source.close()
    with sqlite3.connect(full) as connection:
        assert connection.execute("DELETE FROM match_cache WHERE sha256 = ?", (PACK_DIGESTS,)).rowcount == 1
    return partial, full


def _assert_same(partial: RunResult, full: RunResult, partial_db: Path, full_db: Path) -> None:
    """Every stored proposal equal in every column ``same_as_stored`` compares; the same results."""
    assert full.work.indicators_scored is None and full.work.rescored and partial.work.rescored
    assert partial.work.proposals_added == full.work.proposals_added
    assert partial.work.changes == full.work.changes
    assert partial.index == full.index  # aspects, domains, total and predicate
    assert [(p.indicator_id, p.level, p.needs_manual, p.pack_hash) for p in partial.proposals] == \
        [(p.indicator_id, p.level, p.needs_manual, p.pack_hash) for p in full.proposals]
    engines = get_engine(f"sqlite:///{partial_db}"), get_engine(f"sqlite:///{full_db}")
    with session_scope(engines[0]) as mine, session_scope(engines[1]) as theirs:
        rows = {r.indicator_id: r for r in current_proposals(mine, partial.submission_id)}
        wanted = {r.indicator_id: to_proposal(r) for r in current_proposals(theirs, full.submission_id)}
        assert set(rows) == set(wanted) and len(rows) == 47
        different = [i for i, proposal in wanted.items() if not same_as_stored(proposal, rows[i])]
        assert different == []
        assert any(p.withheld for p in wanted.values())
    for engine in engines:
        engine.dispose()


@pytest.mark.parametrize("kind", list(EDITS))
def test_partial_rescore_equals_a_full_one(kind: str, base: Base, tmp_path: Path) -> None:
    edit, _ = EDITS[kind]
    pack = _edited(base, tmp_path, edit)
    partial_db, full_db = _copies(base, tmp_path)
    partial = _run(base.folder, partial_db, pack)
    full = _run(base.folder, full_db, pack)
    assert (partial.work.indicators_scored, partial.work.indicators_unfolded) == SCORED[kind]
    assert partial.work.extracted == 0
    _assert_same(partial, full, partial_db, full_db)
    if SCORED[kind][0] == 0:  # nothing scoring reads changed: every proposal only names the new pack
        assert partial.work.proposals_added == 47 and partial.work.changes == full.work.changes


@pytest.mark.parametrize(("kind", "indicator"), [("criterion phrase some documents hold", "2"),
                                                 ("topic phrase removed", "1")])
def test_phrase_edits_whose_hits_may_differ_are_folded(kind: str, indicator: str, base: Base,
                                                       tmp_path: Path) -> None:
    """A phrase some document holds, or one taken out, changes the stored hits (re-matching does
    not re-key them): the indicator is folded, never given its current proposal. For the added
    phrase that would be wrong: a full re-score changes the indicator's proposal."""
    pack = _edited(base, tmp_path, EDITS[kind][0])
    partial_db, full_db = _copies(base, tmp_path)
    partial = _run(base.folder, partial_db, pack)
    full = _run(base.folder, full_db, pack)
    assert partial.work.indicators_unfolded == 0 and partial.work.indicators_scored != 0
    _assert_same(partial, full, partial_db, full_db)
    if kind == "criterion phrase some documents hold":
        assert indicator in _changed_since_first(base, full_db, load_rule_pack(str(pack)))


def test_partial_rescore_leaves_decisions_as_a_full_one_does(base: Base, tmp_path: Path) -> None:
    """An assessor's decisions stay as they were; each indicator's review state is that of a
    full re-score: stale for the new pack only, not for a level or evidence change."""
    pack = _edited(base, tmp_path, topic_phrase)
    partial_db, full_db = _copies(base, tmp_path)
    decided = {}
    for database in (partial_db, full_db):
        engine = get_engine(f"sqlite:///{database}")
        with session_scope(engine) as session:
            current = {row.indicator_id: row for row in current_proposals(session, base.first.submission_id)}
            for indicator in ("1", "12", "30"):  # touched, untouched in another aspect, untouched
                add_decision(session, base.first.submission_id, indicator, action=DecisionAction.confirm,
                             user="asesor", proposal_id=current[indicator].id)
            decided[database] = {i: (d.id, d.level, d.proposal_id, d.action)
                                 for i, d in latest_decisions(session, base.first.submission_id).items()}
        engine.dispose()
    partial = _run(base.folder, partial_db, pack)
    full = _run(base.folder, full_db, pack)
    assert (partial.work.indicators_scored, partial.work.indicators_unfolded) == (0, 1)
    assert full.work.indicators_scored is None
    states = []
    for database in (partial_db, full_db):
        engine = get_engine(f"sqlite:///{database}")
        with session_scope(engine) as session:
            after = {i: (d.id, d.level, d.proposal_id, d.action)
                     for i, d in latest_decisions(session, base.first.submission_id).items()}
            assert after == decided[database]  # nothing added, changed or lost
            states.append({i: (s.status, sorted(c.kind for c in s.changes))
                           for i, s in review_states(session, base.first.submission_id).items()})
        engine.dispose()
    assert states[0] == states[1]
    assert states[0]["30"] == states[0]["12"] == ("stale", ["pack"])


def test_different_evidence_is_scored_in_full(base: Base, tmp_path: Path) -> None:
    """A document added with the pack edit: the previous run scored other evidence."""
    folder = tmp_path / "folder"
    shutil.copytree(base.folder, folder)
    generate = _generator()
    generate.write_text_pdf(folder / "tambahan.pdf", generate.texts.NOTULEN.replace("2024", "2023"))
    pack = _edited(base, tmp_path, topic_phrase)
    partial_db, full_db = _copies(base, tmp_path)
    partial = _run(folder, partial_db, pack)
    full = _run(folder, full_db, pack)
    assert partial.work.indicators_scored is None
    _assert_same(partial, full, partial_db, full_db)


def test_rescore_after_a_partial_one_is_partial_again(base: Base, tmp_path: Path) -> None:
    """What a partial re-score stores (its pack's digests, what its evidence showed every
    indicator) lets the next edit score partially too; running again unchanged scores nothing."""
    pack = _edited(base, tmp_path, topic_phrase)
    partial_db, _ = _copies(base, tmp_path)
    assert _run(base.folder, partial_db, pack).work.indicators_unfolded == 1
    assert not _run(base.folder, partial_db, pack).work.rescored
    EDITS["criterion threshold and description"][0](pack)
    again = _run(base.folder, partial_db, pack)
    assert again.work.indicators_scored == 1


def _changed_since_first(base: Base, database: Path, pack: RulePack) -> set[str]:
    """Indicators whose stored proposal differs from the first run's beyond naming the new pack."""
    stamp = {"pack_version": pack.version, "pack_hash": pack.content_hash}
    engine = get_engine(f"sqlite:///{database}")
    with session_scope(engine) as session:
        rows = {r.indicator_id: r for r in current_proposals(session, base.first.submission_id)}
        changed = {p.indicator_id for p in base.first.proposals
                   if not same_as_stored(p.model_copy(update=stamp), rows[p.indicator_id])}
    engine.dispose()
    return changed


@pytest.mark.parametrize(("edit", "outside"), [
    pytest.param(repeated_topic_phrase, ASPECT_6, id="relevance: a document's strongest topic"),
    pytest.param(sibling_threshold, frozenset({"1"}), id="sibling gaps of an SPBE policy"),
])
def test_edits_that_change_other_indicators_are_scored_with_them(edit: Edit, outside: frozenset[str],
                                                                base: Base, tmp_path: Path) -> None:
    """Edits whose effect reaches indicators beyond those whose digests changed (the edit is real:
    a full re-score changes such an indicator's proposal); the partial re-score still equals it."""
    pack = _edited(base, tmp_path, edit)
    partial_db, full_db = _copies(base, tmp_path)
    partial = _run(base.folder, partial_db, pack)
    full = _run(base.folder, full_db, pack)
    _assert_same(partial, full, partial_db, full_db)
    changed = _changed_since_first(base, full_db, load_rule_pack(str(pack)))
    assert changed - outside, changed
