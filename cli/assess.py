"""``bukti assess FOLDER``: run the pipeline on an evidence folder and print the proposals."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.common import cli_errors, console, imports_outside_gc
from core.settings import ExtractOptions, OcrMode
from pipeline.prestart import start_fork_server_early
from pipeline.rerun_hint import remember_finished_run

if TYPE_CHECKING:
    from flows.early import EarlyJobs
    from flows.temporary_server import TemporaryServer
    from pipeline.models import AssessmentResult, AssessOptions

# The pipeline (extractors, rules, spaCy, SQLAlchemy) is imported inside the command, after the
# worker pool's fork server has been started: it builds the workers' stack meanwhile.


def assess(
    folder: Annotated[Path, typer.Argument(help="Folder bukti dukung (atau satu berkas).")],
    framework: Annotated[str, typer.Option(help="Paket aturan: spbe-2020 atau pemdi-2026.")] = "spbe-2020",
    region: Annotated[
        str | None, typer.Option(help="Wilayah/instansi; bawaan dari nama folder atau isi dokumen.")
    ] = None,
    year: Annotated[
        int | None, typer.Option(help="Tahun evaluasi; bawaan dari nama folder atau isi dokumen.")
    ] = None,
    ocr: Annotated[
        OcrMode, typer.Option(help="Keputusan OCR per halaman: auto, force atau never.")
    ] = OcrMode.auto,
    db: Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")] = None,
    prefect: Annotated[bool, typer.Option(help="Jalankan sebagai flow Prefect 'assess-folder'.")] = False,
    allow_empty: Annotated[bool, typer.Option(
        "--allow-empty", help="Izinkan folder kosong: semua dokumen pengajuan dianggap ditarik.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Assess a folder (or one file) and print the proposals; exit non-zero when a file failed."""
    start_fork_server_early(folder, framework)  # with --prefect too: the flow runs in this process
    server = _start_prefect_server() if prefect else None  # starts while the pipeline is imported
    with imports_outside_gc():
        import pipeline.assess  # noqa: F401 - the run's whole stack, imported here (see imports_outside_gc)
        from pipeline.models import AssessOptions
        from pipeline.workers import stop_on_sigterm

    options = AssessOptions(
        framework=framework, region=region, year=year, database_url=db, extract=ExtractOptions(ocr=ocr),
        allow_empty=allow_empty,
    )
    with cli_errors(verbose), stop_on_sigterm():
        result = _run_prefect(folder, options, server) if prefect else _run_local(folder, options)
        print_result(result, options.framework)
    remember_finished_run(folder)  # the next run of an unchanged folder starts no fork server early
    if result.failed:
        raise typer.Exit(1)


def _run_local(folder: Path, options: AssessOptions) -> AssessmentResult:
    from pipeline import assess as lib
    from pipeline.plan import plan_documents

    documents = plan_documents(folder)  # the run plans from this list: the folder is walked once
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Membaca dokumen", total=len(documents))
        return lib.assess_folder(folder, options, progress=lambda _name: bar.advance(task),
                                 documents=documents)


def _start_prefect_server() -> TemporaryServer | None:
    """Prefect's temporary server, now, when the flow would start one (no API URL configured)."""
    if os.environ.get("PREFECT_API_URL"):
        # Prefect's settings would say so too (the environment comes first), but only after
        # importing Prefect (~0.7 s): that import now comes after the early jobs (flows/early.py).
        return None
    from flows.temporary_server import start_temporary_server

    return start_temporary_server()


def _run_prefect(folder: Path, options: AssessOptions, server: TemporaryServer | None) -> AssessmentResult:
    head_start = _hand_out_early_jobs(folder, options)  # before Prefect is imported
    if server is not None and head_start is None:
        from pipeline.run import run_context

        # The flow's first step, done while the server is still starting (the flow repeats it in
        # ~0.01 s: the pack is loaded and the database migrated); a bad pack or database fails here.
        run_context(options)
    try:
        return _run_flow(folder, options, server)
    finally:
        if head_start is not None:
            head_start.close()  # a flow that never began (Prefect failed): no job left running


def _hand_out_early_jobs(folder: Path, options: AssessOptions) -> EarlyJobs | None:
    """The run planned and its first files' jobs with the workers (``flows/early.py``); not for
    Dask, whose tasks run in other processes."""
    from core.settings import get_settings

    if get_settings().dask_address:
        return None
    from flows import early

    return early.start(folder, options)


def _run_flow(folder: Path, options: AssessOptions, server: TemporaryServer | None) -> AssessmentResult:
    from flows.assess import assess_folder, run_result
    from flows.temporary_server import serving
    from flows.visibility import prompt_heartbeats

    with serving(server), prompt_heartbeats():  # heartbeats that do not hold up the run's end
        state = assess_folder(
            str(folder),
            framework=options.framework,
            region=options.region,
            year=options.year,
            ocr=options.extract.ocr,
            database_url=options.database_url,
            allow_empty=options.allow_empty,
            return_state=True,
        )
    return run_result(state)  # a run with unreadable files is FAILED in Prefect, its result stands


def print_result(result: AssessmentResult, framework: str | None = None) -> None:
    """The assessor's first look: one line per indicator with the strongest citation, then the index.

    ``framework``: the pack as the run named it (a directory after a pack edit), loaded already:
    ``result.framework`` is the pack's name, which would load the installed pack of that name
    again (~0.1-0.2 s of a re-score) and name its indicators rather than the run's."""
    from pipeline.issue_summary import issue_lines
    from pipeline.models import summarise
    from pipeline.report import accepted_foreign, level_label, report_rows, set_aside, short_name
    from rules.loader import load_rule_pack

    pack = load_rule_pack(framework or result.framework)
    table = Table(
        title=f"Usulan tingkat — {result.region} {result.year} ({result.framework} v{result.pack_version})"
    )
    for col in ("No", "Indikator", "Level", "Keyakinan", "Kutipan terkuat"):
        table.add_column(col, overflow="fold")
    rows = report_rows(result.proposals, pack.indicator_names())
    for row in rows:
        if row.level == 0:
            continue  # no evidence: summarised below instead of a screen of empty rows
        table.add_row(
            row.indicator_id, short_name(row.name), level_label(row), f"{row.confidence:.2f}", row.citation
        )
    console.print(table)
    silent = [r.indicator_id for r in rows if r.level == 0 and not r.needs_manual]
    manual = [r.indicator_id for r in rows if r.level == 0 and r.needs_manual]
    console.print(f"Tanpa bukti: {len(silent)} indikator ({', '.join(silent) or '-'}).")
    console.print(f"Perlu penilaian manual: {len(manual)} indikator ({', '.join(manual) or '-'}).")
    for doc, reason in set_aside(result, pack):
        console.print(f"Tidak dihitung sebagai bukti: {doc.name} — {reason}", markup=False)
    for name, state in accepted_foreign(result):
        console.print(f"Dokumen wilayah lain diterima penilai: {name} — {state}", markup=False)
    _print_withheld(result)
    console.print(f"[bold]Indeks sementara: {result.index.total:.2f} ({result.index.predicate})[/bold]")
    issues = [f"[yellow]{escape(doc.name)}[/yellow]: {escape(line)}"
              for doc in result.documents for line in issue_lines(doc.issues)]  # repeated page issues folded
    if issues:  # one print: rich's per-call setup cost ~0.3 ms, and a folder can have a line per file
        # highlighting (numbers, quotes) shows only in colour: without, it cost ~0.02 s for nothing
        console.print("\n".join(issues), highlight=console.color_system is not None)
    if result.foreign and any(not f.accepted for f in result.foreign):
        console.print(
            f"Dokumen wilayah lain dapat diterima penilai: `bukti review accept-document --submission "
            f"{result.submission_id} --file NAMA --user AKUN --reason ALASAN`, lalu jalankan penilaian lagi.",
            markup=False,
        )
    console.print(
        f"{summarise(result.documents)}; {result.pages} halaman; "
        f"{result.elapsed_seconds:.1f} detik; penilaian {result.run_id}"
    )


def _print_withheld(result: AssessmentResult) -> None:
    """Indicators whose level would differ if documents of another government were counted."""
    for proposal in result.proposals:
        for w in proposal.withheld:
            if w.level_with != proposal.level:
                console.print(
                    f"[yellow]Indikator {proposal.indicator_id}[/yellow]: tingkat {proposal.level}; "
                    f"{w.level_with} bila {escape(w.file_name)} (wilayah lain) dihitung"
                )
