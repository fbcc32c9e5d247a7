"""The documents screen on the example assessed by the real pipeline: rows, evidence, access, escaping."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from review_support import ReviewDb
from sqlalchemy import select, update

from review.documents import documents_view
from review.errors import AccessDeniedError
from review.packs import get_pack
from review.views import DocumentRow, DocumentsView
from store.db import get_engine, session_scope
from store.models import Document, Page
from store.review_repo import get_user

DRAFT = "02_Rancangan-Perwali_Arsitektur-SPBE.docx"
ANNOUNCEMENT = "06_Pengumuman-Lomba-Kebersihan.pdf"


def _view(db: ReviewDb, user: str = "vina") -> DocumentsView:
    engine = get_engine(db.url)
    with session_scope(engine) as session:
        view = documents_view(session, db.submission_id, get_user(session, user))
    engine.dispose()
    return view


def _edit(db: ReviewDb, prefix: str, **values: Any) -> int:
    """Set columns of the example document whose file name starts with ``prefix``; its id."""
    engine = get_engine(db.url)
    with session_scope(engine) as session:
        mine = (Document.submission_id == db.submission_id, Document.name.startswith(prefix))
        document = session.scalars(select(Document).where(*mine)).one()
        for key, value in values.items():
            setattr(document, key, value)
        document_id = document.id
    engine.dispose()
    return document_id


def _row(view: DocumentsView, prefix: str) -> DocumentRow:
    return next(r for r in view.current + view.retired if r.file_name.startswith(prefix))


def _text(value: object) -> str | None:
    return getattr(value, "text", None)


def test_documents_view_reads_every_example_document(review_db: ReviewDb) -> None:
    view = _view(review_db)
    assert view.retired == ()
    rows = {r.file_name[:2]: r for r in view.current}
    assert sorted(rows) == ["01", "02", "03", "04", "05", "06"]
    assert {k: _text(r.doc_type) for k, r in rows.items()} == {
        "01": "Peraturan Wali Kota",
        "02": "Peraturan Wali Kota",
        "03": "Keputusan",
        "04": "SOP",
        "05": "Notulen/Undangan",
        "06": "Dokumen",  # the announcement: no known type
    }
    assert {k: _text(r.status) for k, r in rows.items()} == {
        "01": "Ditetapkan", "02": "Rancangan", "03": "Ditetapkan", "04": "Ditetapkan", "05": None, "06": None,
    }
    perwali = rows["01"]
    assert (_text(perwali.number), _text(perwali.year)) == ("17", "2024")
    assert (perwali.pages, perwali.ocr_pages) == (4, 0)
    assert perwali.date_set is not None and perwali.date_set.text.endswith("-2024")
    assert perwali.signer is not None and perwali.issuer is not None and perwali.region is not None
    assert not any(v.uncertain for v in (perwali.doc_type, perwali.title, perwali.signer) if v)
    assert all(r.not_evidence is None for r in view.current)  # none is an evaluation report or national rule


def test_documents_view_flags_low_confidence_identity_and_issues(review_db: ReviewDb) -> None:
    announcement = _row(_view(review_db), ANNOUNCEMENT[:2])
    assert announcement.doc_type is not None and announcement.doc_type.uncertain  # guessed type
    assert announcement.title is None
    assert [i.severity for i in announcement.issues] == ["warning"]
    assert "identitas dokumen" in announcement.issues[0].message
    draft = _row(_view(review_db), DRAFT[:2])
    assert draft.status is not None and not draft.status.uncertain and draft.status.page is not None


def test_documents_view_counts_ocr_pages_and_their_confidence(review_db: ReviewDb) -> None:
    doc_id = _edit(review_db, "01_")
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        for number, confidence in ((2, 70.0), (3, 81.0)):
            session.execute(update(Page).where(Page.document_id == doc_id, Page.number == number)
                            .values(method="ocr", ocr_confidence=confidence))
        session.execute(update(Page).where(Page.document_id == doc_id, Page.number == 4)
                        .values(method="none"))
    engine.dispose()
    row = _row(_view(review_db), "01_")
    assert (row.pages, row.ocr_pages, row.ocr_confidence, row.empty_pages) == (4, 2, 75.5, 1)


@pytest.mark.parametrize(
    ("doc_type", "title", "counted"),
    [
        pytest.param("peraturan_presiden", "Sistem Pemerintahan Berbasis Elektronik", False, id="perpres"),
        pytest.param("peraturan_menteri", "Pedoman Evaluasi SPBE", False, id="permen"),
        pytest.param("peraturan_lembaga", "SPBE di Lingkungan Badan Riset dan Inovasi Nasional", True,
                     id="own-institution"),
    ],
)
def test_documents_view_national_regulation_is_not_evidence(
    review_db: ReviewDb, doc_type: str, title: str, counted: bool
) -> None:
    _edit(review_db, "03_", doc_type=doc_type, title=title)
    row = _row(_view(review_db), "03_")
    national = get_pack("spbe-2020").document_classes["national_regulation"].description
    assert row.not_evidence == (None if counted else national)


def test_documents_view_lists_retired_and_failed_documents_apart(review_db: ReviewDb) -> None:
    _edit(review_db, "05_", retired_at=datetime(2024, 5, 1, tzinfo=UTC))
    _edit(review_db, "04_", status="failure",
          issues=[{"code": "corrupt", "message": "Berkas rusak", "severity": "error", "page": None}])
    view = _view(review_db)
    assert [r.file_name[:2] for r in view.retired] == ["05"] and len(view.current) == 5
    assert view.retired[0].not_evidence is not None and "tidak lagi ada" in view.retired[0].not_evidence
    failed = _row(view, "04_")
    assert failed.not_evidence is not None and "gagal" in failed.not_evidence
    assert [i.severity_label for i in failed.issues] == ["kesalahan"]


def test_documents_view_refuses_other_region(review_db: ReviewDb) -> None:
    with pytest.raises(AccessDeniedError):
        _view(review_db, "budi")


# --- HTTP ----------------------------------------------------------------------------------


def test_documents_page_renders_for_viewer(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    sid = review_db.submission_id
    client = logged_in("vina")
    submission = client.get(f"/submissions/{sid}").text
    assert f'id="documents-link" href="/submissions/{sid}/documents">6 berkas<' in submission
    html = client.get(f"/submissions/{sid}/documents").text
    assert html.count("data-document=") == 6
    draft_id = _row(_view(review_db), DRAFT[:2]).id
    draft = html[html.index(f'data-document="{draft_id}"'):]
    draft = draft[: draft.index("</tr>")]
    assert f'href="/submissions/{sid}/documents/{draft_id}/pages/1">{DRAFT}</a>' in draft
    assert ">Rancangan</span>" in draft and "DOCX" in draft
    assert 'class="badge flag" title="Periksa: halaman asal tidak diketahui' in html  # the guessed type
    assert "Tidak dihitung sebagai bukti" not in html


def test_documents_page_refuses_anonymous_and_other_region(
    app_client: TestClient, review_db: ReviewDb, logged_in: Callable[[str], TestClient]
) -> None:
    url = f"/submissions/{review_db.submission_id}/documents"
    anonymous = app_client.get(url, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next=")
    assert logged_in("budi").get(url).status_code == 403


def test_documents_page_says_national_regulation_is_not_counted(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    _edit(review_db, "01_", doc_type="peraturan_presiden", title="Sistem Pemerintahan Berbasis Elektronik")
    html = logged_in("ani").get(f"/submissions/{review_db.submission_id}/documents").text
    assert html.count("Tidak dihitung sebagai bukti: Regulasi nasional") == 1
    assert html.count('data-field="evidence"><span class="badge flag">tidak<') == 1
    assert "Peraturan Presiden" in html


def test_documents_page_escapes_html_in_title(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    _edit(review_db, "03_", title="<script>window.__xss = 7</script> & <b>SK</b>")
    html = logged_in("admin").get(f"/submissions/{review_db.submission_id}/documents").text
    assert "&lt;script&gt;window.__xss = 7&lt;/script&gt; &amp; &lt;b&gt;SK&lt;/b&gt;" in html
    assert "<script" not in html.lower() and "<b>SK" not in html
