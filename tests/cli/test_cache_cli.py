"""``bukti cache info|prune`` in-process on a real SQLite database and temporary cache folders."""

from __future__ import annotations

import hashlib
import os
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from cli.main import app
from core.extraction_info import ExtractionInfo
from core.models import ExtractedDocument, PageText, SourceFile, TextMethod
from extractors.api import EXTRACTOR_VERSION
from pipeline.keys import match_key
from rules.loader import load_rule_pack
from store import Document, get_engine, get_or_create_submission, save_document, session_scope, start_run
from store.cache import find_extraction, put_extraction, put_match
from store.coltypes import utc_now
from store.locks import try_acquire

runner = CliRunner()


def _document(seed: str) -> ExtractedDocument:
    sha = hashlib.sha256(seed.encode()).hexdigest()
    source = SourceFile(path=f"/bukti/{seed}.pdf", name=f"{seed}.pdf", sha256=sha, format="pdf",
                        mime_type="application/pdf", size=10)
    page = PageText(number=1, text=f"Halaman {seed}", method=TextMethod.text_layer)
    return ExtractedDocument(source=source, pages=[page], extractor_version=EXTRACTOR_VERSION)


def _cache(session, doc: ExtractedDocument, version: str, pack_hash: str) -> None:  # noqa: ANN001
    sha, name = doc.source.sha256, doc.source.name
    info = ExtractionInfo(key=f"x-{name}-{version}", sha256=sha, status="success", page_count=1,
                          extraction_hash="e" * 64, content_hash=f"c-{name}", summary={})
    put_extraction(session, info, extractor_version=version, options_hash="o", payload=b"x" * 1000)
    put_match(session, match_key(f"c-{name}", name, pack_hash), sha256=sha, pack_hash=pack_hash,
              payload=b"m" * 2000)


@pytest.fixture()
def db(sqlite_url: str) -> str:
    """A live document (current and old-version entries) and a retired one, entries two days old."""
    assert runner.invoke(app, ["db", "upgrade", "--db", sqlite_url]).exit_code == 0
    pack_hash = load_rule_pack("spbe-2020").content_hash
    live, gone = _document("hidup"), _document("pensiun")
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        submission = get_or_create_submission(session, "Kota Sukamaju", 2024, "spbe-2020")
        run = start_run(session, submission, root="/bukti", pack_version="1", pack_hash=pack_hash, options={})
        save_document(session, run, live)
        save_document(session, run, gone)
        session.execute(update(Document).where(Document.name == "pensiun.pdf").values(retired_at=utc_now()))
        _cache(session, live, EXTRACTOR_VERSION, pack_hash)
        _cache(session, live, "0.0.1", "an-old-pack-hash")
        _cache(session, gone, EXTRACTOR_VERSION, pack_hash)
    with session_scope(engine) as session:
        for table in ("extraction_cache", "match_cache"):
            session.execute(Document.metadata.tables[table].update().values(
                created_at=utc_now() - timedelta(days=2)))
    engine.dispose()
    return sqlite_url


def _args(db: str, tmp_path: Path) -> list[str]:
    return ["--db", db, "--ocr-cache-dir", str(tmp_path / "ocr"), "--eval-cache-dir", str(tmp_path / "eval")]


def _text(output: str) -> str:
    return " ".join(output.split())  # rich wraps long lines at the terminal width


def test_cli_cache_info_prints_counts_and_prunable(db: str, tmp_path: Path) -> None:
    page = tmp_path / "ocr" / "ab" / "ab01.json"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"{}" * 50)
    os.utime(page, (time.time() - 200 * 86_400,) * 2)
    result = runner.invoke(app, ["cache", "info", *_args(db, tmp_path)])
    assert result.exit_code == 0, result.output
    text = _text(result.output)
    assert ("ekstraksi (database): 3 entri, 3.0 kB; dapat dipangkas 2 (2.0 kB): "
            "1 berkas tanpa dokumen aktif, 1 versi ekstraktor lama") in text
    assert ("kecocokan (database): 3 entri, 6.0 kB; dapat dipangkas 2 (4.0 kB): "
            "1 berkas tanpa dokumen aktif, 1 paket aturan lama") in text
    assert "halaman OCR" in text and "1 berkas, 100 B; dapat dipangkas 1 (100 B)" in text
    assert "Total dapat dibebaskan: 6.1 kB" in text


def test_cli_cache_prune_dry_run_then_prune(db: str, tmp_path: Path) -> None:
    dry = runner.invoke(app, ["cache", "prune", "--dry-run", *_args(db, tmp_path)])
    assert dry.exit_code == 0, dry.output
    assert "tidak ada yang dihapus" in _text(dry.output) and "ekstraksi 2 entri (2.0 kB)" in _text(dry.output)
    done = runner.invoke(app, ["cache", "prune", *_args(db, tmp_path)])
    assert done.exit_code == 0, done.output
    text = _text(done.output)
    assert "Dihapus: ekstraksi 2 entri (2.0 kB), kecocokan 2 entri (4.0 kB)" in text
    assert "Total dibebaskan: 6.0 kB" in text
    engine = get_engine(db)
    with session_scope(engine) as session:
        assert find_extraction(session, f"x-hidup.pdf-{EXTRACTOR_VERSION}") is not None
    engine.dispose()
    again = runner.invoke(app, ["cache", "info", *_args(db, tmp_path)])
    assert "Total dapat dibebaskan: 0 B" in _text(again.output)


def test_cli_cache_prune_refuses_while_a_run_holds_a_lease(db: str, tmp_path: Path) -> None:
    engine = get_engine(db)
    with session_scope(engine) as session:
        lease = "submission:spbe-2020:Kota Sukamaju:2024"
        assert try_acquire(session, lease, "host:1:run", timedelta(minutes=5))
    engine.dispose()
    result = runner.invoke(app, ["cache", "prune", *_args(db, tmp_path)])
    assert result.exit_code == 6
    assert "in progress" in _text(result.output) and "host:1:run" in result.output
    assert re.search(r"until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d WIB", _text(result.output))  # local time
    assert "Traceback" not in result.output
    info = runner.invoke(app, ["cache", "info", *_args(db, tmp_path)])
    assert "dapat dipangkas 2" in _text(info.output)  # nothing was deleted
