"""Every stored proposal carries the content hash of the pack version that made it."""

from __future__ import annotations

import shutil
from pathlib import Path

from eval_support import ENACTED, make_document

from rules.engine import propose_for_document
from rules.loader import PACKS_DIR, load_rule_pack
from rules.schema import RulePack
from store import (
    current_proposals,
    get_engine,
    get_or_create_submission,
    save_document,
    save_proposals,
    session_scope,
    start_run,
    to_proposal,
    upgrade_database,
)


def test_pack_hash_is_stored_with_every_proposal(spbe_pack: RulePack, sqlite_url: str) -> None:
    document = make_document(ENACTED)
    proposals = propose_for_document(document, spbe_pack)
    assert {p.pack_hash for p in proposals} == {spbe_pack.content_hash} and len(spbe_pack.content_hash) == 64
    upgrade_database(sqlite_url)
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        submission = get_or_create_submission(session, "Kabupaten Contoh", 2022, spbe_pack.name)
        run = start_run(
            session,
            submission,
            root="x",
            pack_version=spbe_pack.version,
            pack_hash=spbe_pack.content_hash,
            options={},
        )
        rows = {document.source.sha256: save_document(session, run, document)}
        save_proposals(session, run, proposals, rows)
        submission_id = submission.id
    with session_scope(engine) as session:
        stored = [to_proposal(row) for row in current_proposals(session, submission_id)]
    engine.dispose()
    assert len(stored) == len(proposals)
    assert {(p.pack_version, p.pack_hash) for p in stored} == {(spbe_pack.version, spbe_pack.content_hash)}


def test_pack_hash_changes_with_content_not_with_comments(tmp_path: Path) -> None:
    copy = tmp_path / "spbe-2020"
    shutil.copytree(PACKS_DIR / "spbe-2020", copy)
    original = load_rule_pack(copy).content_hash
    pack_yaml = copy / "pack.yaml"
    text = pack_yaml.read_text(encoding="utf-8")
    pack_yaml.write_text("# a comment only\n" + text, encoding="utf-8")
    assert load_rule_pack(copy).content_hash == original
    pack_yaml.write_text(text.replace("decimals: 2", "decimals: 3", 1), encoding="utf-8")
    assert load_rule_pack(copy).content_hash != original
