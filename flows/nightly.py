"""Prefect flow ``nightly``: walk the inbox ``<root>/<region>/<year>/`` and assess what is new or changed.

Each submission folder runs as an ``assess-folder`` subflow, which is incremental by content:
unchanged files are neither extracted nor matched, an unchanged folder adds no proposals, a
file that left the folder is retired. One failing submission does not stop the others; the
nightly run ends ``Completed``, ``Completed with failures`` (some documents or submissions
failed) and leaves a table artifact with one row per submission.
"""

from __future__ import annotations

from typing import cast

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact
from prefect.states import Completed, State

from core.settings import OcrMode
from flows.assess import assess_folder
from pipeline.inbox import InboxFolder, NightlyResult, SubmissionRun, discover_inbox, resolve_inbox
from pipeline.run_report import nightly_rows, nightly_summary
from pipeline.work import RunResult


@flow(name="nightly", log_prints=False)
def nightly(
    root: str | None = None,
    framework: str = "spbe-2020",
    ocr: OcrMode = OcrMode.auto,
    database_url: str | None = None,
) -> NightlyResult | State[NightlyResult]:  # a returned state is unwrapped: its result is the NightlyResult
    """Assess every ``<root>/<region>/<year>`` folder (root defaults to ``BUKTI_INBOX``)."""
    logger = get_run_logger()
    inbox = resolve_inbox(root)
    folders, ignored = discover_inbox(inbox)
    for note in ignored:
        logger.warning("ignored %s", note)
    result = NightlyResult(root=str(inbox), ignored=ignored)
    for folder in folders:
        result.submissions.append(_assess(folder, framework, ocr, database_url))
    summary = nightly_summary(result)
    logger.info(summary)
    create_table_artifact(table=nightly_rows(result), key="nightly-run", description=summary)
    if result.crashed or result.partial:
        return Completed(data=result, name="Completed with failures", message=summary)
    return result


def _assess(folder: InboxFolder, framework: str, ocr: OcrMode, database_url: str | None) -> SubmissionRun:
    state = assess_folder(folder.path, framework=framework, region=folder.region, year=folder.year, ocr=ocr,
                          database_url=database_url, return_state=True)
    if not state.is_completed():
        return SubmissionRun(region=folder.region, year=folder.year, state=state.name or "Failed",
                             message=state.message or "")
    result = cast(RunResult, state.result())  # Prefect unwraps the Completed state the flow may return
    return SubmissionRun.from_result(folder, state.name or "Completed", result)
