"""Prefect flow ``assess-folder``: one evidence folder in, cited level proposals in the database out.

Tasks are thin wrappers over ``pipeline`` functions: one task per document so a bad file fails
alone, then one task that scores and stores. Run it with no server (Prefect's temporary server)
or against ``prefect server start`` via the ``assess-folder`` deployment in ``prefect.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed

from core.errors import StorageError
from core.models import ExtractedDocument
from core.settings import ExtractOptions, OcrMode
from pipeline import assess as lib
from pipeline.models import AssessmentResult, AssessOptions
from pipeline.report import render_markdown, report_rows
from rules.loader import load_rule_pack


def _transient(task, task_run, state) -> bool:  # noqa: ANN001 - Prefect retry hook signature
    """Retry only database faults; bad input is never retried."""
    try:
        state.result()
    except StorageError:
        return True
    except Exception:  # noqa: BLE001 - any other failure is final
        return False
    return False


@task(name="extract-document", task_run_name="extract {path}")
def extract_task(path: str, options: ExtractOptions) -> ExtractedDocument:
    return lib.extract_one(Path(path), options)


@task(name="score-and-store", retries=2, retry_delay_seconds=5, retry_condition_fn=_transient)
def store_task(root: str, documents: list[ExtractedDocument], options: AssessOptions,
               started: float) -> AssessmentResult:
    pack = load_rule_pack(options.framework)
    return lib.score_and_store(Path(root), lib.mark_duplicates(documents), options, pack, started)


@flow(name="assess-folder", log_prints=False)
def assess_folder(
    path: str,
    framework: str = "spbe-2020",
    region: str | None = None,
    year: int | None = None,
    ocr: OcrMode = OcrMode.auto,
    database_url: str | None = None,
):
    """Assess the evidence folder at ``path`` against the ``framework`` rule pack."""
    import time

    started = time.perf_counter()
    logger = get_run_logger()
    options = AssessOptions(framework=framework, region=region, year=year, database_url=database_url,
                            extract=ExtractOptions(ocr=ocr))
    load_rule_pack(framework)  # fail fast on an unknown or invalid pack
    files = lib.plan_folder(Path(path))
    logger.info("assessing %d files in %s", len(files), path)
    futures = [extract_task.submit(str(f), options.extract) for f in files]
    documents = [f.result() for f in futures]
    result = store_task(path, documents, options, started)
    publish_artifact(result)
    summary = lib.summarise(result.documents)
    logger.info(summary)
    if result.failed:
        # The run finished and stored everything it could: completed, but visibly partial.
        return Completed(data=result, name="Completed with failures", message=summary)
    return result


def publish_artifact(result: AssessmentResult) -> None:
    pack = load_rule_pack(result.framework)
    rows = report_rows(result.proposals, pack.indicator_names())
    title = f"Penilaian {result.region} {result.year} ({result.framework})"
    markdown = render_markdown(rows, result.index, title, lib.summarise(result.documents))
    create_markdown_artifact(markdown=markdown, key="assessment-summary",
                             description=f"run {result.run_id}")
