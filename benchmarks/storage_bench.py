"""Time storing a run: N documents of P pages plus one proposal per indicator, on SQLite and PostgreSQL.

Each backend gets a fresh, migrated database. The first save stores every document, page and
citation; the second saves the same documents again (a re-run that found nothing new, which
``store.repository.save_document`` turns into no-ops). PostgreSQL is measured when an admin URL
is given (or ``BUKTI_TEST_POSTGRES_URL`` is set); a throw-away database is created on it.

    python benchmarks/storage_bench.py [--documents 200] [--pages 10] [--postgres-admin URL]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, make_url, text  # noqa: E402

from core.models import ExtractedDocument, PageText, Passage, Proposal, SourceFile, TextMethod  # noqa: E402
from store.db import get_engine, session_scope, upgrade_database  # noqa: E402
from store.repository import get_or_create_submission, save_document, save_proposals, start_run  # noqa: E402

INDICATORS = 47  # spbe-2020
PAGE_WORDS = "Pasal {n} Arsitektur Sistem Pemerintahan Berbasis Elektronik ditetapkan oleh Wali Kota. "


def _document(index: int, pages: int) -> ExtractedDocument:
    sha = hashlib.sha256(f"bench-{index}".encode()).hexdigest()
    texts = [(PAGE_WORDS.format(n=n) * 40) + f" dokumen {index}" for n in range(1, pages + 1)]
    return ExtractedDocument(
        source=SourceFile(path=f"/evidence/doc-{index}.pdf", name=f"doc-{index}.pdf", sha256=sha,
                          format="pdf", mime_type="application/pdf", size=sum(map(len, texts))),
        pages=[PageText(number=n, text=t, method=TextMethod.text_layer) for n, t in enumerate(texts, 1)],
        extractor_version="bench",
    )


def _proposal(indicator: int, doc: ExtractedDocument) -> Proposal:
    quote = doc.pages[0].text[:200]
    passage = Passage(sha256=doc.source.sha256, file_name=doc.source.name, page=1, start=0, end=7,
                      quote=quote, matched="Pasal 1", rule_id=f"{indicator}.L2.bench", location="Pasal 1")
    return Proposal(framework="spbe-2020", pack_version="bench", pack_hash="bench",
                    indicator_id=str(indicator), level=2, confidence=0.7, rule_ids=[passage.rule_id],
                    passages=[passage], documents=[doc.source.sha256])


def _save(url: str, docs: list[ExtractedDocument], proposals: list[Proposal]) -> float:
    engine = get_engine(url)
    try:
        start = time.perf_counter()
        with session_scope(engine) as session:
            submission = get_or_create_submission(session, "Kota Bench", 2026, "spbe-2020")
            run = start_run(session, submission, root="/evidence", pack_version="bench", pack_hash="bench",
                            options={})
            rows = {doc.source.sha256: save_document(session, run, doc) for doc in docs}
            save_proposals(session, run, proposals, rows)
        return time.perf_counter() - start
    finally:
        engine.dispose()


def measure(url: str, documents: int, pages: int) -> tuple[float, float]:
    """Seconds of the first save and of saving the same documents again."""
    upgrade_database(url)
    docs = [_document(i, pages) for i in range(documents)]
    proposals = [_proposal(i, docs[i % len(docs)]) for i in range(1, INDICATORS + 1)]
    return _save(url, docs, proposals), _save(url, docs, proposals)


def _postgres_database(admin_url: str) -> tuple[str, str]:
    name = f"bukti_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return name, make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop(admin_url: str, name: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--postgres-admin", default=os.environ.get("BUKTI_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    megabytes = len(_document(0, args.pages).pages[0].text) * args.pages * args.documents / 1e6
    shape = f"{args.documents} documents x {args.pages} pages ({megabytes:.1f} MB text)"
    print(f"{shape}, {INDICATORS} proposals", flush=True)
    print("| backend | first save s | same documents again s |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        first, again = measure(f"sqlite:///{tmp}/bench.db", args.documents, args.pages)
        print(f"| SQLite | {first:.2f} | {again:.2f} |", flush=True)
    if args.postgres_admin:
        name, url = _postgres_database(args.postgres_admin)
        try:
            first, again = measure(url, args.documents, args.pages)
            print(f"| PostgreSQL | {first:.2f} | {again:.2f} |")
        finally:
            _drop(args.postgres_admin, name)
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
