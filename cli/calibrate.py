"""``bukti calibrate``: fit the proposal confidence on label files and check it source by source."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown

from cli.common import cli_errors, console
from cli.eval import CacheOption, CorpusOption, LabelsOption, OcrOption, eval_options, run_suite
from core.settings import OcrMode
from pipeline.evaluate import EvalOptions
from rules.confidence_model import CONFIDENCE_FILE, HAND_SET, dump_confidence_model
from rules.evaluation.calibrate import DEFAULT_L2
from rules.evaluation.fit_report import calibrate as fit_and_check
from rules.evaluation.fit_report import render_calibration


def calibrate(
    labels: LabelsOption,
    corpus: CorpusOption,
    framework: Annotated[str, typer.Option(help="Paket aturan yang dikalibrasi.")] = "spbe-2020",
    cache: CacheOption = None,
    ocr: OcrOption = OcrMode.auto,
    l2: Annotated[float, typer.Option("--l2", min=0.0, help="Regularisasi L2 pada bobot.")] = DEFAULT_L2,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help=f"Tulis bobot hasil fit (YAML) ke sini, mis. rules/packs/<paket>/{CONFIDENCE_FILE}.",
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Fit the proposal confidence on label files and write it (``rules.evaluation.calibrate``)."""
    options = eval_options(labels, corpus, framework, cache, ocr)
    command = _command(options, l2, output)
    with cli_errors(verbose):
        # proposals are made with the hand-set weights: the baseline the fit is compared with
        suite = run_suite(options, [], HAND_SET, "hand-set")
        report = suite.overall
        result = fit_and_check(
            report.documents,
            l2=l2,
            labels=[str(o.labels) for o in options],
            pack_version=report.pack_version,
            pack_hash=report.pack_hash,
        )
        if output is not None:
            header = f"Confidence weights fitted by bukti calibrate; do not edit by hand.\n{command}"
            dump_confidence_model(result.model, output, header)
    console.print(Markdown(render_calibration(result, command)))
    if output is not None:
        console.print(f"Bobot ditulis ke {output}")


def _command(options: list[EvalOptions], l2: float, output: Path | None) -> str:
    parts = ["bukti", "calibrate"]
    for opts in options:
        parts += ["--labels", str(opts.labels)]
    parts += ["--corpus", str(options[0].corpus), "--framework", options[0].framework, "--l2", f"{l2:g}"]
    if output is not None:
        parts += ["--output", str(output)]
    return shlex.join(parts)
