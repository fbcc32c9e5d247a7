"""Documents of another government in the review app and exports: flagged on every screen and in
every format, accepted only by an assessor with a reason, counted from the next run on."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from foreign_support import FOREIGN_FILE, OTHER_REGION, OWN_REGION, make_mixed_folder
from openpyxl import load_workbook
from review_support import SECRET, add_accounts, csrf_of, login
from sqlalchemy import select

from pipeline.assess import assess_folder
from pipeline.models import AssessOptions
from review.app import create_app
from review.exports import COLUMNS, FOREIGN_COLUMNS, FOREIGN_SHEET, export_submission
from store.acceptances import DocumentAcceptance
from store.db import get_engine, session_scope
from store.models import Document

REASON = "Perbup dipakai bersama berdasarkan perjanjian kerja sama"


@dataclass(frozen=True)
class ForeignDb:
    url: str
    folder: Path
    submission_id: int
    document_id: int  # the foreign regulation

    def rerun(self) -> None:
        assess_folder(self.folder, AssessOptions(database_url=self.url, region=OWN_REGION, year=2024))


@pytest.fixture(scope="module")
def foreign_source(tmp_path_factory: pytest.TempPathFactory) -> ForeignDb:
    """The mixed folder assessed once as Kota Sukamaju's, with the review accounts (SQLite)."""
    root = tmp_path_factory.mktemp("foreign")
    folder = make_mixed_folder(root / "kota-sukamaju")
    url = f"sqlite:///{root / 'foreign.db'}"
    result = assess_folder(folder, AssessOptions(database_url=url, region=OWN_REGION, year=2024))
    add_accounts(url)
    engine = get_engine(url)
    with session_scope(engine) as session:
        document_id = session.scalar(select(Document.id).where(Document.name == FOREIGN_FILE))
    engine.dispose()
    assert document_id is not None
    return ForeignDb(url, folder, result.submission_id, document_id)


@pytest.fixture()
def foreign_db(foreign_source: ForeignDb, tmp_path: Path) -> ForeignDb:
    """A private copy per test (acceptances do not leak between tests)."""
    target = tmp_path / "copy.db"
    source = foreign_source.url.removeprefix("sqlite:///")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return ForeignDb(f"sqlite:///{target}", foreign_source.folder, foreign_source.submission_id,
                     foreign_source.document_id)


@pytest.fixture()
def client(foreign_db: ForeignDb) -> Iterator[TestClient]:
    app = create_app(foreign_db.url, secret_key=SECRET)
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def _documents(client: TestClient, db: ForeignDb) -> str:
    response = client.get(f"/submissions/{db.submission_id}/documents")
    assert response.status_code == 200
    return response.text


def _accept(client: TestClient, db: ForeignDb, reason: str, action: str = "accept"):  # noqa: ANN202
    token = csrf_of(_documents(client, db))
    return client.post(
        f"/submissions/{db.submission_id}/documents/{db.document_id}/acceptance",
        data={"csrf_token": token, "action": action, "reason": reason},
        follow_redirects=False,
    )


def _acceptances(db: ForeignDb) -> list[tuple[str, str, str]]:
    engine = get_engine(db.url)
    with session_scope(engine) as session:
        rows = session.scalars(select(DocumentAcceptance).order_by(DocumentAcceptance.id))
        found = [(r.action, r.user, r.reason) for r in rows]
    engine.dispose()
    return found


def test_every_screen_flags_the_foreign_document(client: TestClient, foreign_db: ForeignDb) -> None:
    login(client, "vina")  # a viewer sees every flag, and no form
    sid = foreign_db.submission_id
    listing = client.get("/").text
    assert 'data-foreign="submission"' in listing
    submission = client.get(f"/submissions/{sid}").text
    assert 'id="foreign-summary"' in submission and "1 dokumen dari wilayah lain" in submission
    assert 'data-foreign="withheld"' in submission  # on the rows of the indicators it would lift
    documents = _documents(client, foreign_db)
    assert f'id="wilayah-lain-{foreign_db.document_id}"' in documents
    assert 'data-foreign="set-aside"' in documents
    assert f"Dokumen dari {OTHER_REGION}, bukan {OWN_REGION} (wilayah pengajuan)" in documents
    assert "data-acceptance-form" not in documents
    indicator = client.get(f"/submissions/{sid}/indicators/1").text
    assert 'id="withheld"' in indicator and FOREIGN_FILE in indicator
    assert "Tingkat bila dihitung: 3." in indicator
    assert f"#wilayah-lain-{foreign_db.document_id}" in indicator  # links to where it can be accepted
    cited = indicator.split('id="citations-pane"')[1] if 'id="citations-pane"' in indicator else ""
    assert FOREIGN_FILE not in cited and 'id="page-preview"' not in indicator  # flagged, never cited


def test_english_screens_flag_it_too(client: TestClient, foreign_db: ForeignDb) -> None:
    login(client, "vina")
    client.cookies.set("bukti_lang", "en")
    indicator = client.get(f"/submissions/{foreign_db.submission_id}/indicators/1").text
    assert "Documents from another government are not counted for this indicator." in indicator
    assert "Level if counted: 3." in indicator


def test_assessor_accepts_with_reason_and_the_next_run_counts_it(
    client: TestClient, foreign_db: ForeignDb
) -> None:
    login(client, "ani")
    sid = foreign_db.submission_id
    refused = _accept(client, foreign_db, "   ")
    assert refused.status_code == 400 and "memerlukan alasan" in refused.text
    assert _acceptances(foreign_db) == []
    saved = _accept(client, foreign_db, REASON)
    assert saved.status_code == 303 and f"#dokumen-{foreign_db.document_id}" in saved.headers["location"]
    assert _acceptances(foreign_db) == [("accept", "ani", REASON)]
    waiting = _documents(client, foreign_db)
    assert "diterima penilai ani: dihitung sebagai bukti mulai penilaian berikutnya" in waiting
    assert REASON in waiting and 'data-foreign="accepted"' in waiting
    assert _accept(client, foreign_db, REASON).status_code == 400  # already accepted

    foreign_db.rerun()
    counted = _documents(client, foreign_db)
    assert "diterima penilai ani: dihitung sebagai bukti" in counted
    assert "mulai penilaian berikutnya" not in counted
    indicator = client.get(f"/submissions/{sid}/indicators/1").text
    assert 'id="withheld"' not in indicator and 'data-foreign="cited"' in indicator
    assert int(indicator.split('id="proposed-level">')[1].split("<")[0]) >= 2

    revoked = _accept(client, foreign_db, "ternyata bukan dokumen bersama", action="revoke")
    assert revoked.status_code == 303
    assert "tidak dihitung mulai penilaian berikutnya" in _documents(client, foreign_db)
    assert [a[0] for a in _acceptances(foreign_db)] == ["accept", "revoke"]


@pytest.mark.parametrize("user", ["vina", "budi"])
def test_viewers_and_other_regions_cannot_accept(
    client: TestClient, foreign_db: ForeignDb, user: str
) -> None:
    login(client, user)
    token = csrf_of(client.get("/").text)
    response = client.post(
        f"/submissions/{foreign_db.submission_id}/documents/{foreign_db.document_id}/acceptance",
        data={"csrf_token": token, "action": "accept", "reason": REASON},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert _acceptances(foreign_db) == []


def test_acceptance_needs_the_form_token(client: TestClient, foreign_db: ForeignDb) -> None:
    login(client, "ani")
    response = client.post(
        f"/submissions/{foreign_db.submission_id}/documents/{foreign_db.document_id}/acceptance",
        data={"csrf_token": "palsu", "action": "accept", "reason": REASON},
        follow_redirects=False,
    )
    assert response.status_code == 403 and _acceptances(foreign_db) == []


def _export(db: ForeignDb, fmt: str) -> bytes:
    engine = get_engine(db.url)
    with session_scope(engine) as session:
        content = export_submission(session, db.submission_id, fmt, None).content
    engine.dispose()
    return content


def _indicator_rows(book) -> dict[str, tuple]:  # noqa: ANN001 - an openpyxl workbook
    rows = book["Penilaian Mandiri"].iter_rows(min_row=6, values_only=True)
    return {str(r[3]).split(".")[0]: r for r in rows}


def test_every_export_lists_the_foreign_document_and_its_state(foreign_db: ForeignDb) -> None:
    book = load_workbook(io.BytesIO(_export(foreign_db, "xlsx")))
    sheet = book[FOREIGN_SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == FOREIGN_COLUMNS
    assert rows[1][:4] == (FOREIGN_FILE, OTHER_REGION, OWN_REGION,
                           "tidak dihitung sebagai bukti kecuali diterima penilai")
    main = _indicator_rows(book)
    assert FOREIGN_FILE in main["1"][COLUMNS.index("Dokumen Wilayah Lain")]

    lines = list(csv.reader(io.StringIO(_export(foreign_db, "csv").decode("utf-8-sig"))))
    assert lines[0][-1] == "Dokumen Wilayah Lain"
    first = next(line for line in lines[1:] if line[3].startswith("1. "))
    assert "tingkat bila dihitung 3" in first[-1] and FOREIGN_FILE in first[-1]

    html = _export(foreign_db, "html").decode("utf-8")
    section = html.split('id="wilayah-lain"')[1]
    assert FOREIGN_FILE in section and OTHER_REGION in section

    pdf = pdfium.PdfDocument(_export(foreign_db, "pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "Dokumen dari wilayah lain" in text and OTHER_REGION in text


def test_exports_show_an_accepted_document_as_accepted(client: TestClient, foreign_db: ForeignDb) -> None:
    login(client, "ani")
    assert _accept(client, foreign_db, REASON).status_code == 303
    foreign_db.rerun()
    book = load_workbook(io.BytesIO(_export(foreign_db, "xlsx")))
    (row,) = list(book[FOREIGN_SHEET].iter_rows(min_row=2, values_only=True))
    assert row[3] == "diterima penilai ani: dihitung sebagai bukti" and REASON in row[4]
    assert " WIB ani: Diterima" in row[4]  # acceptance times in WIB, as decision dates
    main = _indicator_rows(book)
    note = main["1"][COLUMNS.index("Dokumen Wilayah Lain")]
    assert FOREIGN_FILE in note and "diterima penilai ani" in note and REASON in note
