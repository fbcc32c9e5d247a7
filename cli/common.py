"""Shared CLI plumbing: one-line errors, ``-v`` tracebacks, exit codes."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

import typer
from rich.console import Console

from core.errors import BuktiError

console = Console()
err_console = Console(stderr=True)


@contextlib.contextmanager
def cli_errors(verbose: bool) -> Iterator[None]:
    """Turn library errors into one red line and the error's exit code (traceback with -v)."""
    try:
        yield
    except BuktiError as e:
        if verbose:
            err_console.print_exception()
        err_console.print(f"[red]kesalahan:[/red] {e}")
        raise typer.Exit(e.exit_code) from e
    except FileNotFoundError as e:
        if verbose:
            err_console.print_exception()
        err_console.print(f"[red]kesalahan:[/red] {e}")
        raise typer.Exit(2) from e


@contextlib.contextmanager
def imports_outside_gc() -> Iterator[None]:
    """Import a command's stack with the cyclic garbage collector off, then freeze what it built.

    Modules, classes and their tables live as long as the process; collected or not, they stay.
    The collector still walked them: ~300 collections during the imports and each full collection
    after them over all ~150k tracked objects, ~0.07 CPU-s of a ~0.9 s unchanged re-run of 1,000
    documents. Frozen (``gc.freeze``), they are skipped; what the run itself creates is collected
    as before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
