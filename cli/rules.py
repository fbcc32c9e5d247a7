"""``bukti rules list|lint|explain``: inspect and validate rule packs."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from cli.common import cli_errors, console, err_console
from core.errors import RulePackError
from rules.guidance_text import IndicatorGuide, indicator_guide
from rules.loader import load_rule_pack
from rules.packinfo import lint_packs

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command("list", help="Daftar paket aturan (list rule packs with version, hash and coverage).")
def list_packs() -> None:
    """Print every rule pack with its version, hash and coverage."""
    for result in lint_packs():
        s = result.summary
        if s is None:
            console.print(
                f"[red]{result.target}: tidak valid[/red] (jalankan: bukti rules lint {result.target})"
            )
            continue
        flag = " [yellow](sementara)[/yellow]" if s.provisional else ""
        console.print(
            f"[bold]{s.name}[/bold] v{s.version}{flag} — {s.framework}: {s.indicators} indikator, "
            f"{s.with_rules} otomatis, {s.manual} manual, {s.rule_ids} rule id, hash {s.content_hash[:12]}"
        )


@app.command(
    "lint", help="Validasi paket aturan; semua masalah sekaligus (validate packs, exit 5 on problems)."
)
def lint(
    packs: Annotated[
        list[str] | None, typer.Argument(help="Nama atau folder paket (bawaan: semua paket).")
    ] = None,
) -> None:
    """Validate rule packs and print every problem; exit 5 when there is one."""
    results = lint_packs(list(packs) if packs else None)
    for result in results:
        if result.summary is not None:
            s = result.summary
            console.print(
                f"[green]ok[/green] {s.name} v{s.version}: {s.indicators} indikator, {s.with_rules} "
                f"dengan aturan, {s.rule_ids} rule id, hash {s.content_hash[:12]}"
            )
        else:
            err_console.print(f"[red]kesalahan:[/red] {result.error}")
    failed = [r for r in results if not r.ok]
    console.print(f"{len(results)} paket: {len(results) - len(failed)} ok, {len(failed)} bermasalah")
    if failed:
        raise typer.Exit(RulePackError.exit_code)


@app.command("explain", help="Jelaskan satu indikator: level, kriteria, rule id, elemen, templat panduan.")
def explain(
    indicator: Annotated[str, typer.Argument(help="Nomor indikator, mis. 1 atau 23.")],
    framework: Annotated[str, typer.Option(help="Nama atau folder paket aturan.")] = "spbe-2020",
    as_json: Annotated[bool, typer.Option("--json", help="Cetak panduan sebagai JSON.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")] = False,
) -> None:
    """Print what each level of one indicator needs (or the guide as JSON)."""
    with cli_errors(verbose):
        pack = load_rule_pack(framework)
        try:
            guide = indicator_guide(pack, indicator)
        except KeyError as e:
            known = ", ".join(s.id for s in pack.indicators())
            raise RulePackError(
                f"indikator '{indicator}' tidak ada di paket {pack.name}; yang ada: {known}"
            ) from e
    if as_json:
        console.print_json(guide.model_dump_json())
        return
    print_guide(guide)


def print_guide(guide: IndicatorGuide) -> None:
    """Print an indicator's guide: its levels, criteria, rule ids and guidance templates."""
    console.print(
        f"[bold]Indikator {guide.indicator_id} — {guide.name}[/bold] "
        f"({guide.framework} v{guide.pack_version})"
    )
    mode = "penilaian manual" if guide.manual else "aturan otomatis"
    if guide.manual_fallback and not guide.manual:
        mode += " (penilaian manual bila teks tidak mendukung level)"
    console.print(f"Bobot {guide.weight:g}% · skala {guide.scale} · {mode}")
    if guide.manual_reason:
        console.print(f"Alasan manual: {guide.manual_reason}")
    if guide.topic is not None:
        console.print(
            f"\n[bold]Relevansi[/bold] [dim]{guide.topic.rule_id}[/dim]\n  {guide.topic.description}"
        )
        console.print(f"  frasa: {', '.join(guide.topic.elements)}")
    for level in guide.levels:
        classes = f"  (dokumen: {', '.join(level.evidence_classes)})" if level.evidence_classes else ""
        console.print(f"\n[bold]Level {level.level} — {level.name}[/bold]{classes}")
        if not level.criteria:
            console.print("  (dinilai asesor; belum ada kriteria otomatis)")
        for c in level.criteria:
            console.print(f"  [cyan]{c.rule_id}[/cyan] {escape('[' + c.kind + ']')} {escape(c.description)}")
            if c.elements:
                console.print(f"      elemen: {'; '.join(c.elements)}")
            if c.classes:
                console.print(f"      kelas dokumen: {', '.join(c.classes)}")
            console.print(f"      rekomendasi bila belum terpenuhi: {c.gap}")
    console.print(
        "\n[bold]Templat panduan[/bold] (untuk setiap usulan):\n"
        "  Fakta: dokumen, Pasal/diktum dan halaman yang memuat bukti per kriteria yang terpenuhi.\n"
        "  Analisis: kriteria level berikutnya, mana yang terpenuhi, elemen yang belum ditemukan.\n"
        "  Justifikasi: level yang diusulkan dan kriteria yang menghalangi level berikutnya.\n"
        "  Rekomendasi: teks 'rekomendasi bila belum terpenuhi' di atas untuk kriteria level berikutnya."
    )
