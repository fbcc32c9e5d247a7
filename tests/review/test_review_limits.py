"""Hostile sizes at the review app and CLI: giant reasons, out-of-range ids, giant or bomb page images."""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import typer
from fastapi.testclient import TestClient
from PIL import Image
from review_support import PASSWORD, REGION, SECRET, ReviewDb, app_routes, csrf_of, fill_path, login
from sqlalchemy import func, select
from typer.testing import CliRunner

from cli import review
from core.models import ExtractedDocument, PageText, SourceFile, TextMethod
from review.app import create_app
from review.settings import ReviewSettings
from store.db import get_engine, session_scope
from store.models import Decision
from store.repository import finish_run, get_or_create_submission, save_document, start_run

LONG_REASON = "Bukti tambahan " * 66_666 + "x" * 10  # 1,000,000 characters


def _decisions(url: str) -> int:
    engine = get_engine(url)
    with session_scope(engine) as session:
        count = session.scalar(select(func.count()).select_from(Decision)) or 0
    engine.dispose()
    return count


def test_web_refuses_a_giant_override_reason(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    page = client.get(f"/submissions/{review_db.submission_id}/indicators/1")
    assert 'maxlength="5000"' in page.text  # the browser stops typing at the limit already
    form = {"csrf_token": csrf_of(page.text), "action": "override", "level": "2", "reason": LONG_REASON}
    response = client.post(f"/submissions/{review_db.submission_id}/indicators/1/decision", data=form)
    assert response.status_code == 400
    assert "alasan terlalu panjang (1.000.000 karakter; maksimum 5.000)" in response.text
    assert _decisions(review_db.url) == 0


def test_cli_refuses_a_giant_override_reason(review_db: ReviewDb) -> None:
    app = typer.Typer()
    app.add_typer(review.app, name="review")
    args = ["review", "override", "-s", str(review_db.submission_id), "-i", "1", "--user", "ani",
            "--level", "2", "--reason", "x" * 5001, "--db", review_db.url]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200", "BUKTI_PASSWORD": PASSWORD})
    assert result.exit_code == 3, result.output
    assert "alasan terlalu panjang" in result.output and "Traceback" not in result.output
    assert _decisions(review_db.url) == 0


@pytest.mark.parametrize("reason_chars", [5000])
def test_a_reason_at_the_limit_is_kept_whole(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, reason_chars: int
) -> None:
    client = logged_in("ani")
    page = client.get(f"/submissions/{review_db.submission_id}/indicators/1")
    reason = ("a" * (reason_chars - 1)) + "z"
    form = {"csrf_token": csrf_of(page.text), "action": "override", "level": "2", "reason": reason}
    response = client.post(f"/submissions/{review_db.submission_id}/indicators/1/decision", data=form,
                           follow_redirects=False)
    assert response.status_code == 303
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        assert session.scalars(select(Decision.reason)).one() == reason
    engine.dispose()


# --- out-of-range ids ------------------------------------------------------------------------

# Past SQLite's 64-bit integers (OverflowError in the driver) and past PostgreSQL's 32-bit
# ``integer`` columns (DataError): both used to reach the database and answer 500.
HUGE_IDS = [str(2**63), str(2**31), "-1", "0"]


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_every_numeric_path_and_query_parameter_answers_4xx_when_out_of_range(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, huge: str
) -> None:
    client = logged_in("admin")
    token = csrf_of(client.get("/").text)
    checked = 0
    for method, template in app_routes(client.app):
        for name in re.findall(r"\{(\w+)\}", template):
            path = fill_path(template.replace("{" + name + "}", huge), review_db)
            data = {"csrf_token": token, "action": "override", "level": "2", "reason": "x"}
            response = client.request(method, path, data=data if method == "POST" else None)
            assert 400 <= response.status_code < 500, (method, path, response.status_code)
            checked += 1
        if template.endswith("/pages/{number}") or template.endswith("image.png"):
            response = client.get(fill_path(template, review_db), params={"kutipan": huge})
            assert response.status_code in (200, 422), (template, response.status_code)
            checked += 1
    assert checked >= 12  # the test sees the real route table


@pytest.mark.parametrize("huge", [str(2**63), str(2**31)])
def test_decision_form_refuses_an_out_of_range_proposal_id(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, huge: str
) -> None:
    client = logged_in("ani")
    page = client.get(f"/submissions/{review_db.submission_id}/indicators/1")
    form = {"csrf_token": csrf_of(page.text), "action": "confirm", "proposal_id": huge}
    response = client.post(f"/submissions/{review_db.submission_id}/indicators/1/decision", data=form)
    assert response.status_code == 400 and "usulan" in response.text
    assert _decisions(review_db.url) == 0


# --- giant pages and image bombs -------------------------------------------------------------


def _add_files(review_db: ReviewDb, files: list[tuple[Path, str]]) -> tuple[int, list[int]]:
    """A submission of the test region holding ``files`` (path, format), each with one stored page."""
    engine = get_engine(review_db.url)
    with session_scope(engine) as session:
        submission = get_or_create_submission(session, REGION, 2017, "spbe-2020")
        run = start_run(session, submission, root=str(files[0][0].parent), pack_version="t", pack_hash="t",
                        options={})
        ids = []
        for path, fmt in files:
            data = path.read_bytes()
            source = SourceFile(path=str(path), name=path.name, sha256=hashlib.sha256(data).hexdigest(),
                                format=fmt, mime_type="application/octet-stream", size=len(data))
            page = PageText(number=1, text="teks", method=TextMethod.ocr)
            doc = ExtractedDocument(source=source, pages=[page])
            ids.append(save_document(session, run, doc).id)
        finish_run(session, run, "completed", "ok")
        submission_id = submission.id
    engine.dispose()
    return submission_id, ids


def _big_pdf(path: Path, side_pt: float) -> Path:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(side_pt, side_pt)
    pdf.save(path)
    pdf.close()
    return path


def _png_bomb(path: Path, side: int) -> Path:
    """A 1-bit all-black PNG of side x side pixels: a few hundred KB on disk, side² pixels decoded."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunks)
    return path


def test_a_giant_pdf_page_is_rendered_within_the_pixel_cap(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, tmp_path: Path
) -> None:
    # 5000 pt square: 7,500 x 7,500 px (56 MP, ~225 MB decoded) at the usual 1.5 scale
    submission_id, (doc_id,) = _add_files(review_db, [(_big_pdf(tmp_path / "besar.pdf", 5000), "pdf")])
    response = logged_in("vina").get(f"/submissions/{submission_id}/documents/{doc_id}/pages/1/image.png")
    assert response.status_code == 200
    width, height = Image.open(io.BytesIO(response.content)).size
    assert width * height <= ReviewSettings().max_render_pixels
    assert width >= 3000  # scaled down to fit, not thumbnailed to nothing


def _refused(client: TestClient, submission_id: int, doc_id: int) -> None:
    base = f"/submissions/{submission_id}/documents/{doc_id}/pages/1"
    image = client.get(f"{base}/image.png")
    assert image.status_code == 422 and "terlalu besar" in image.text
    page = client.get(base)
    assert page.status_code == 200 and 'id="page-image"' not in page.text
    assert "terlalu besar" in page.text and "teks" in page.text  # the stored text instead


def test_a_png_bomb_page_is_refused_cleanly(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb, tmp_path: Path
) -> None:
    # 20,000 x 20,000 = 400 MP from ~50 KB: Pillow itself raises DecompressionBombError at open
    submission_id, (doc_id,) = _add_files(review_db, [(_png_bomb(tmp_path / "bom.png", 20_000), "image")])
    _refused(logged_in("vina"), submission_id, doc_id)


def test_images_over_the_source_pixel_setting_are_refused_and_large_ones_scaled(
    review_db: ReviewDb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BUKTI_MAX_IMAGE_PIXELS", "20000000")
    monkeypatch.setenv("BUKTI_MAX_RENDER_PIXELS", "4000000")
    files = [(_png_bomb(tmp_path / "besar.png", 5000), "image"),
             (_png_bomb(tmp_path / "pas.png", 3000), "image")]
    submission_id, (too_big, large) = _add_files(review_db, files)
    app = create_app(review_db.url, secret_key=SECRET)
    with TestClient(app) as client:
        login(client, "vina")
        _refused(client, submission_id, too_big)  # 25 MP > 20 MP: refused before decoding
        response = client.get(f"/submissions/{submission_id}/documents/{large}/pages/1/image.png")
        assert response.status_code == 200  # 9 MP: decoded, then scaled down to the 4 MP cap
        width, height = Image.open(io.BytesIO(response.content)).size
        assert width * height <= 4_000_000 and width >= 1900
    app.state.engine.dispose()
