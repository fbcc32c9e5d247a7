"""The `bukti` command: one thin Typer module per command group over the library (cli.main)."""
