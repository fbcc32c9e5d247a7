"""``bukti cache info|prune``: how big the caches are, and pruning what no run will read again."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cli.common import cli_errors, console
from pipeline.cache_files import FileTally
from pipeline.cache_housekeeping import (
    ARCHIVES,
    EVAL,
    EXTRACTION,
    MATCH,
    OCR,
    CacheOptions,
    Removed,
    cache_report,
    prune_caches,
)
from store.cache_prune import CacheTally

app = typer.Typer(no_args_is_help=True, add_completion=False)

LABELS = {
    EXTRACTION: "ekstraksi", MATCH: "kecocokan", OCR: "halaman OCR", EVAL: "eval", ARCHIVES: "arsip ZIP",
}
UNITS = {OCR: "berkas", EVAL: "berkas", ARCHIVES: "folder"}
REASONS = {
    "retired": "berkas tanpa dokumen aktif",
    "old_version": "versi ekstraktor lama",
    "old_pack": "paket aturan lama",
    "old_key": "kode aturan atau nama berkas lama",
}

Db = Annotated[str | None, typer.Option("--db", help="URL database (bawaan: BUKTI_DATABASE_URL).")]
OcrDir = Annotated[Path | None, typer.Option(help="Folder cache OCR (bawaan: <BUKTI_HOME>/ocr-cache).")]
EvalDir = Annotated[Path | None, typer.Option(help="Folder cache eval (bawaan: <BUKTI_HOME>/eval-cache).")]
OcrDays = Annotated[float, typer.Option(
    "--ocr-older-than", min=0, help="Halaman OCR yang tidak dipakai sekian HARI dipangkas (0 = semua).")]
ArchiveDays = Annotated[float | None, typer.Option(
    "--archives-older-than", min=1,
    help="Pangkas juga arsip ZIP terbuka yang tidak dipakai sekian HARI (bawaan: arsip tidak dipangkas).")]
Grace = Annotated[float, typer.Option(
    min=0, help="Entri database yang lebih muda dari sekian JAM tidak dipangkas (run yang sedang jalan).")]
Packs = Annotated[list[str] | None, typer.Option(
    "--pack", help="Paket aturan lain yang masih dipakai (nama atau folder); boleh diulang.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Hanya tampilkan; tidak menghapus apa pun.")]
Verbose = Annotated[bool, typer.Option("-v", "--verbose", help="Tampilkan traceback.")]


def human_bytes(size: int) -> str:
    """A byte count for people: 950 B, 1.2 kB, 3.4 MB (powers of 1000)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


@app.command("info", help="Jumlah entri dan ukuran tiap cache, dan berapa yang dapat dipangkas.")
def info(db: Db = None, ocr_cache_dir: OcrDir = None, eval_cache_dir: EvalDir = None,
         ocr_older_than: OcrDays = 90, archives_older_than: ArchiveDays = None, grace_hours: Grace = 24,
         pack: Packs = None, verbose: Verbose = False) -> None:
    """Print each cache's entries and size, and how much of it pruning would remove."""
    options = _options(db, ocr_cache_dir, eval_cache_dir, ocr_older_than, archives_older_than,
                       grace_hours, pack)
    with cli_errors(verbose):
        report = cache_report(options)
    prunable = report.database.extraction.prunable_bytes + report.database.match.prunable_bytes
    console.print(_table_line(EXTRACTION, report.database.extraction, grace_hours))
    console.print(_table_line(MATCH, report.database.match, grace_hours))
    for cache in report.files:
        console.print(_file_line(cache.tally, options))
        prunable += cache.tally.prunable_bytes
    console.print(f"[bold]Total dapat dibebaskan: {human_bytes(prunable)}[/bold]; "
                  "jalankan `bukti cache prune` (lihat dulu dengan --dry-run).")


@app.command("prune", help="Hapus entri cache yang tidak akan dibaca lagi (menolak bila ada run berjalan).")
def prune(db: Db = None, ocr_cache_dir: OcrDir = None, eval_cache_dir: EvalDir = None,
          ocr_older_than: OcrDays = 90, archives_older_than: ArchiveDays = None, grace_hours: Grace = 24,
          pack: Packs = None, dry_run: DryRun = False, verbose: Verbose = False) -> None:
    """Remove cache entries no run will read again (refused while a run holds a lease)."""
    options = _options(db, ocr_cache_dir, eval_cache_dir, ocr_older_than, archives_older_than,
                       grace_hours, pack)
    with cli_errors(verbose):
        removed = prune_caches(options, dry_run=dry_run)
    verb = "Akan dihapus (uji coba, tidak ada yang dihapus)" if dry_run else "Dihapus"
    console.print(f"{verb}: " + ", ".join(_removed_text(r) for r in removed))
    total = human_bytes(sum(r.bytes for r in removed))
    console.print(f"[bold]Total {'akan dibebaskan' if dry_run else 'dibebaskan'}: {total}[/bold]")
    if not dry_run and any(r.entries for r in removed if r.cache in (EXTRACTION, MATCH)):
        console.print("Ruang database dipakai ulang oleh entri baru; berkas SQLite baru mengecil "
                      "setelah VACUUM.")


def _options(db: str | None, ocr_dir: Path | None, eval_dir: Path | None, ocr_days: float,
             archive_days: float | None, grace_hours: float, packs: list[str] | None) -> CacheOptions:
    return CacheOptions(database_url=db, ocr_cache_dir=ocr_dir, eval_cache_dir=eval_dir,
                        ocr_unused_days=ocr_days, archives_unused_days=archive_days, grace_hours=grace_hours,
                        packs=list(packs or []))


def _table_line(name: str, tally: CacheTally, grace_hours: float) -> str:
    reasons = ", ".join(f"{tally.reasons[r]} {text}" for r, text in REASONS.items() if tally.reasons[r])
    line = (f"[bold]{LABELS[name]}[/bold] (database): {tally.entries} entri, {human_bytes(tally.bytes)}; "
            f"dapat dipangkas {tally.prunable} ({human_bytes(tally.prunable_bytes)})")
    line += f": {reasons}" if reasons else ""
    if tally.recent:
        line += f"; {tally.recent} entri usang lebih muda dari {grace_hours:g} jam dibiarkan"
    return line


def _file_line(tally: FileTally, options: CacheOptions) -> str:
    head = (f"[bold]{LABELS[tally.name]}[/bold] ({escape(str(tally.root))}): {tally.entries} "
            f"{UNITS[tally.name]}, {human_bytes(tally.bytes)}")
    if tally.name == ARCHIVES and options.archives_unused_days is None:
        return head + "; tidak dipangkas (pakai --archives-older-than HARI)"
    why = {OCR: _unused(options.ocr_unused_days), EVAL: "versi ekstraktor lama",
           ARCHIVES: _unused(options.archives_unused_days or 0)}[tally.name]
    return head + f"; dapat dipangkas {tally.prunable} ({human_bytes(tally.prunable_bytes)}): {why}"


def _unused(days: float) -> str:
    return "semua (--ocr-older-than 0)" if days <= 0 else f"tidak dipakai ≥ {days:g} hari"


def _removed_text(removed: Removed) -> str:
    unit = UNITS.get(removed.cache, "entri")
    return f"{LABELS[removed.cache]} {removed.entries} {unit} ({human_bytes(removed.bytes)})"
