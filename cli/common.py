"""Shared CLI plumbing: one-line errors, ``-v`` tracebacks, exit codes."""

from __future__ import annotations

import contextlib
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
