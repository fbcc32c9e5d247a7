"""``bukti eval``: measure metadata and level accuracy against a labels file."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.common import cli_errors, console
from core.settings import ExtractOptions, OcrMode
from pipeline.evaluate import EvalOptions, run_evaluation
from rules.evaluation import EvaluationReport, render_markdown


def evaluate(
    labels: Annotated[Path, typer.Option("--labels", help="YAML label (skema shared/labels/dev.yaml).")],
    corpus: Annotated[
        Path, typer.Option("--corpus", help="Folder korpus, acuan path relatif dalam label.")
    ],
    framework: Annotated[str, typer.Option(help="Paket aturan yang dievaluasi.")] = "spbe-2020",
    cache: Annotated[
        Path | None, typer.Option("--cache", help="Cache ekstraksi (bawaan <BUKTI_HOME>/eval-cache).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Tulis laporan Markdown lengkap ke sini.")
    ] = None,
    ocr: Annotated[
        OcrMode, typer.Option(help="Keputusan OCR per halaman: auto, force atau never.")
    ] = OcrMode.auto,
    show_misses: Annotated[
        bool, typer.Option("--show-misses", help="Cetak setiap meleset beserta alasannya.")
    ] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    options = EvalOptions(
        labels=labels, corpus=corpus, framework=framework, cache_dir=cache, extract=ExtractOptions(ocr=ocr)
    )
    command = reproduce_command(options, output)
    with cli_errors(verbose):
        report = _run(options)
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(render_markdown(report, command), encoding="utf-8")
    console.print(Markdown(render_markdown(report, command, misses=show_misses)))
    console.print(summary_line(report) + (f"; report written to {output}" if output else ""))
    if any(d.extraction_status == "failure" for d in report.documents):
        raise typer.Exit(1)


def _run(options: EvalOptions) -> EvaluationReport:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Membaca dokumen berlabel", total=None)
        return run_evaluation(options, progress=lambda _name: bar.advance(task))


def reproduce_command(options: EvalOptions, output: Path | None) -> str:
    """The command line that reproduces this run (as typed, paths unchanged)."""
    parts = [
        "bukti",
        "eval",
        "--labels",
        str(options.labels),
        "--corpus",
        str(options.corpus),
        "--framework",
        options.framework,
    ]
    if options.cache_dir is not None:
        parts += ["--cache", str(options.cache_dir)]
    if options.extract.ocr is not OcrMode.auto:
        parts += ["--ocr", options.extract.ocr.value]
    if output is not None:
        parts += ["--output", str(output)]
    return shlex.join(parts)


def summary_line(report: EvaluationReport) -> str:
    """'23 documents: 21 ok, 2 partial, 0 failed; 0 missing from the corpus; 23 from cache; 3.5 s'."""
    statuses = [d.extraction_status for d in report.documents]
    counts = {s: statuses.count(s) for s in ("success", "partial_success", "failure")}
    return (
        f"{len(statuses)} documents: {counts['success']} ok, {counts['partial_success']} partial, "
        f"{counts['failure']} failed; {len(report.missing_files)} missing from the corpus; "
        f"{report.cache_hits} from cache; {report.elapsed_seconds:.1f} s; "
        f"{len(report.misses())} level misses"
    )
