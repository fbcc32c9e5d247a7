"""Hostile sizes at the review app and CLI: giant reasons, out-of-range ids, giant or bomb page images."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import typer
from fastapi.testclient import TestClient
from review_support import ReviewDb, csrf_of
from sqlalchemy import func, select
from typer.testing import CliRunner

from cli import review
from store.db import get_engine, session_scope
from store.models import Decision

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
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
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
