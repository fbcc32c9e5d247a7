"""``bukti eval``: measure metadata and level accuracy against one or more label files."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.common import cli_errors, console
from core.errors import InputError
from core.settings import ExtractOptions, OcrMode
from pipeline.evaluate import EvalOptions, run_evaluation
from rules.confidence_model import (
    CONFIDENCE_FILE,
    ConfidenceModel,
    load_confidence_model,
    model_for_pack,
    use_confidence_model,
)
from rules.evaluation import EvaluationReport, EvaluationSuite, build_suite, load_labels, render_markdown
from rules.evaluation.calibrate import describe_model
from rules.evaluation.suite import parse_seen, seen_note, unknown_seen_keys

LabelsOption = Annotated[
    list[Path],
    typer.Option("--labels", help="YAML label (skema shared/labels/dev.yaml); boleh diulang."),
]
CorpusOption = Annotated[
    Path, typer.Option("--corpus", help="Folder korpus, acuan path relatif dalam label.")
]
CacheOption = Annotated[
    Path | None, typer.Option("--cache", help="Cache ekstraksi (bawaan <BUKTI_HOME>/eval-cache).")
]
OcrOption = Annotated[OcrMode, typer.Option(help="Keputusan OCR per halaman: auto, force atau never.")]


def evaluate(
    labels: LabelsOption,
    corpus: CorpusOption,
    framework: Annotated[str, typer.Option(help="Paket aturan yang dievaluasi.")] = "spbe-2020",
    cache: CacheOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", help="Tulis laporan Markdown lengkap ke sini.")
    ] = None,
    ocr: OcrOption = OcrMode.auto,
    seen: Annotated[
        list[str] | None,
        typer.Option(
            "--seen",
            help='Kapan label pertama dilihat, per split: "dev2=first seen 2026-12-06"; boleh diulang '
            "(mengganti baris seen: di berkas label).",
        ),
    ] = None,
    confidence: Annotated[
        Path | None,
        typer.Option(
            "--confidence",
            help=f"Bobot keyakinan hasil 'bukti calibrate' yang dipakai (bawaan: {CONFIDENCE_FILE} paket, "
            "bila ada, selain itu bobot tetap).",
        ),
    ] = None,
    show_misses: Annotated[
        bool, typer.Option("--show-misses", help="Cetak setiap meleset beserta alasannya.")
    ] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Measure accuracy against label files and print (or write) the report."""
    options = eval_options(labels, corpus, framework, cache, ocr)
    command = reproduce_command(options, output, seen or [], confidence)
    with cli_errors(verbose):
        model = load_confidence_model(confidence) if confidence is not None else None
        suite = run_suite(options, seen or [], model, str(confidence))
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(render_markdown(suite, command), encoding="utf-8")
    console.print(Markdown(render_markdown(suite, command, misses=show_misses)))
    console.print(summary_line(suite.overall) + (f"; report written to {output}" if output else ""))
    if any(d.extraction_status == "failure" for d in suite.overall.documents):
        raise typer.Exit(1)


def run_suite(
    options: Sequence[EvalOptions], seen: Sequence[str], model: ConfidenceModel | None = None, where: str = ""
) -> EvaluationSuite:
    """Evaluate each label file - with ``model`` (read from ``where``) as the confidence weights,
    else the pack's - note when each was seen, then combine them and score every source."""
    notes = parse_seen(seen)
    label_sets = [(load_labels(o.labels), str(o.labels)) for o in options]
    unknown = unknown_seen_keys(notes, label_sets)
    if unknown:
        raise InputError(
            f"--seen tidak cocok dengan berkas label mana pun: {', '.join(unknown)} "
            "(pakai nama split atau nama berkas)"
        )
    reports: list[EvaluationReport] = []
    with _progress() as advance, use_confidence_model(model):
        for opts, (label_set, name) in zip(options, label_sets, strict=True):
            report = run_evaluation(opts, progress=advance)
            used = model or model_for_pack(report.framework)
            source = where if model else f"rules/packs/{report.framework}/{CONFIDENCE_FILE}"
            update = {
                "seen": seen_note(label_set, name, notes),
                "confidence_model": describe_model(used, source),
            }
            reports.append(report.model_copy(update=update))
        used = model or model_for_pack(reports[0].framework)
        return build_suite(reports, refit_l2=used.fitted.l2 if used.fitted else None)


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Membaca dokumen berlabel", total=None)
        yield lambda _name: bar.advance(task)


def reproduce_command(
    options: Sequence[EvalOptions],
    output: Path | None,
    seen: Sequence[str] = (),
    confidence: Path | None = None,
) -> str:
    """The command line that reproduces this run (as typed, paths unchanged)."""
    first = options[0]
    parts = ["bukti", "eval"]
    for opts in options:
        parts += ["--labels", str(opts.labels)]
    parts += ["--corpus", str(first.corpus), "--framework", first.framework]
    for note in seen:
        parts += ["--seen", note]
    if confidence is not None:
        parts += ["--confidence", str(confidence)]
    if first.cache_dir is not None:
        parts += ["--cache", str(first.cache_dir)]
    if first.extract.ocr is not OcrMode.auto:
        parts += ["--ocr", first.extract.ocr.value]
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


def eval_options(
    labels: Sequence[Path], corpus: Path, framework: str, cache: Path | None, ocr: OcrMode
) -> list[EvalOptions]:
    """One EvalOptions per label file, the rest shared (``bukti eval`` and ``bukti calibrate``)."""
    extract = ExtractOptions(ocr=ocr)
    return [
        EvalOptions(labels=path, corpus=corpus, framework=framework, cache_dir=cache, extract=extract)
        for path in labels
    ]
