"""Prefect flow ``nightly``: walk the inbox ``<root>/<region>/<year>/`` and assess what is new or changed.

Each submission folder runs as an ``assess-folder`` subflow, which is incremental by content:
unchanged files are neither extracted nor matched, an unchanged folder adds no proposals, a
file that left the folder is retired. One failing submission does not stop the others. The
nightly run ends ``Completed``, or FAILED naming the submissions with failed files or failed
runs (``flows/visibility.py``), after every submission was processed. It leaves a table artifact
with one row per submission and a markdown one with the failed files, the proposals that changed
(indicator, old → new level) and the inbox folders it ignored.
"""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import State

from core.settings import OcrMode
from flows.assess import assess_folder, run_result
from flows.visibility import bukti_logs_in_run, failed_run, nightly_run_name
from pipeline.inbox import InboxFolder, NightlyResult, SubmissionRun, discover_inbox, resolve_inbox
from pipeline.run_report import nightly_markdown, nightly_rows, nightly_summary


@flow(name="nightly", flow_run_name=nightly_run_name, log_prints=False)
def nightly(
    root: str | None = None,
    framework: str = "spbe-2020",
    ocr: OcrMode = OcrMode.auto,
    database_url: str | None = None,
) -> NightlyResult | State[NightlyResult]:  # a returned state is unwrapped: its result is the NightlyResult
    """Assess every ``<root>/<region>/<year>`` folder (root defaults to ``BUKTI_INBOX``)."""
    with bukti_logs_in_run():
        return _nightly(root, framework, ocr, database_url)


def _nightly(
    root: str | None, framework: str, ocr: OcrMode, database_url: str | None
) -> NightlyResult | State:
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
    create_markdown_artifact(markdown=nightly_markdown(result), key="nightly-summary", description=summary)
    failed = [f"{s.region} {s.year} ({', '.join(s.failed_files) or s.state})"
              for s in result.crashed + result.partial]
    if failed:
        return failed_run(result, summary, failed, what="gagal")
    return result


def _assess(folder: InboxFolder, framework: str, ocr: OcrMode, database_url: str | None) -> SubmissionRun:
    state = assess_folder(folder.path, framework=framework, region=folder.region, year=folder.year, ocr=ocr,
                          database_url=database_url, return_state=True)
    try:
        result = run_result(state)  # also the result of a run FAILED by unreadable files
    except Exception:  # noqa: BLE001 - the run itself failed: recorded, the next folder goes on
        return SubmissionRun(region=folder.region, year=folder.year, state=state.name or "Failed",
                             message=state.message or "")
    return SubmissionRun.from_result(folder, state.name or "Completed", result)
