"""Indicators nothing was proposed for (manual assessment): one meaning on every surface.

The pipeline stores such a proposal with level 0 and confidence 0 as placeholders; the screens,
the CLI and the exports must show "no proposal, the assessor enters the level", never a level 0
that can be confirmed. Indicators 32-47 of the example are manual (nothing in the folder is an
application's capability).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
import typer
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from review_support import PASSWORD, ReviewDb, csrf_of
from sqlalchemy import select
from sqlalchemy.orm import Session
from test_review_cli import _run
from typer.testing import CliRunner

from cli.report import report
from review.errors import DecisionInputError
from review.exports import ExportFormat, export_submission
from review.indicator import indicator_view
from review.service import decide, submission_view
from store.models import Decision
from store.review_repo import get_user

MANUAL = "32"



def _override_manual(session: Session, review_db: ReviewDb, level: int = 2) -> None:
    ani = get_user(session, "ani")
    assert ani is not None
    decide(session, review_db.submission_id, MANUAL, ani, action="override", level=level,
           reason="aplikasi perencanaan diperiksa langsung")


def test_manual_row_has_no_proposed_level_nor_confidence(session: Session, review_db: ReviewDb) -> None:
    rows = {r.indicator_id: r for r in submission_view(session, review_db.submission_id, None).rows}
    manual = [r for r in rows.values() if r.needs_manual]
    assert [r.indicator_id for r in manual] == [str(n) for n in range(32, 48)]
    for row in manual:
        assert row.proposal_id is not None  # the decision still records what the assessor looked at
        assert (row.proposed_level, row.confidence, row.low_confidence) == (None, None, False)
        assert (row.proposed_label, row.final_label) == ("manual", "manual")
    assert rows["1"].proposed_label == str(rows["1"].proposed_level)  # proposals keep their number


def test_manual_indicator_cannot_be_confirmed_only_set_with_a_reason(
    session: Session, review_db: ReviewDb
) -> None:
    ani = get_user(session, "ani")
    assert ani is not None
    with pytest.raises(DecisionInputError, match="tidak ada usulan tingkat"):
        decide(session, review_db.submission_id, MANUAL, ani, action="confirm")
    assert session.scalars(select(Decision)).all() == []
    _override_manual(session, review_db, level=3)
    view = indicator_view(session, review_db.submission_id, MANUAL, ani)
    assert (view.row.decided_level, view.row.final_label, view.row.proposed_label) == (3, "3", "manual")
    assert view.row.status_label == "Ditetapkan"  # set by the assessor, not changed from a proposal
    decide(session, review_db.submission_id, "1", ani, action="override", level=1, reason="diperiksa")
    assert indicator_view(session, review_db.submission_id, "1", ani).row.status_label == "Diubah"
    assert view.decisions[-1].proposal_id == view.row.proposal_id


def test_web_manual_indicator_offers_no_confirm_of_level_0(
    logged_in: Callable[[str], TestClient], review_db: ReviewDb
) -> None:
    client = logged_in("ani")
    url = f"/submissions/{review_db.submission_id}/indicators/{MANUAL}"
    html = client.get(url).text
    assert 'id="confirm-form"' not in html and "Konfirmasi tingkat 0" not in html
    assert "asesor menentukan tingkat" in html and "Tetapkan tingkat" in html
    assert '<option value="">' in html  # no level is preselected: the assessor chooses one
    forged = client.post(f"{url}/decision", data={"csrf_token": csrf_of(html), "action": "confirm"})
    assert forged.status_code == 400 and "tidak ada usulan tingkat" in forged.text
    listing = client.get(f"/submissions/{review_db.submission_id}").text
    cell = listing.split(f'data-indicator="{MANUAL}"')[1].split("</tr>")[0]
    assert 'data-field="proposed">manual<' in cell


def test_exports_write_manual_not_0(session: Session, review_db: ReviewDb) -> None:
    _override_manual(session, review_db, level=2)
    exported = export_submission(session, review_db.submission_id, ExportFormat.xlsx, None)
    sheet = load_workbook(io.BytesIO(exported.content))["Penilaian Mandiri"]
    rows = {str(r[3]).split(".")[0]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    manual = rows[MANUAL]
    assert (manual[4], manual[5], manual[6], manual[7]) == (2, "Ditetapkan", "manual", None)
    assert (rows["33"][4], rows["33"][6], rows["33"][7]) == ("manual", "manual", None)
    assert isinstance(rows["1"][4], int) and isinstance(rows["1"][6], int)
    text = export_submission(session, review_db.submission_id, "csv", None).content.decode("utf-8-sig")
    by_id = {r[3].split(".")[0]: r for r in list(csv.reader(io.StringIO(text)))[1:]}
    assert (by_id["33"][4], by_id["33"][6], by_id["33"][7]) == ("manual", "manual", "")
    html = export_submission(session, review_db.submission_id, "html", None).content.decode()
    assert html.count(">manual<") >= 15  # 33-47 undecided


def test_cli_says_manual_and_refuses_to_confirm(review_db: ReviewDb) -> None:
    sid = str(review_db.submission_id)
    listing = _run(review_db, "review", "show", "-s", sid)
    line = next(x for x in listing.output.splitlines() if x.lstrip("│ ").startswith(f"{MANUAL} "))
    assert "manual" in line and " 0 " not in line and "0,00" not in line
    detail = _run(review_db, "review", "show", "-s", sid, "-i", MANUAL)
    assert "Usulan manual" in detail.output and "asesor menentukan tingkat" in detail.output
    confirm = ("review", "confirm", "-s", sid, "-i", MANUAL, "--user", "ani")
    refused = _run(review_db, *confirm, input=f"{PASSWORD}\n")
    assert refused.exit_code != 0 and "tidak ada usulan tingkat" in refused.output


def test_cli_report_says_manual_without_a_confidence(review_db: ReviewDb) -> None:
    app = typer.Typer()
    app.command()(report)
    args = ["--submission", str(review_db.submission_id), "--db", review_db.url]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.lstrip("│ ").startswith(f"{MANUAL} "))
    cells = [c.strip() for c in line.split("│")]
    assert cells[3:5] == ["manual", "-"]
