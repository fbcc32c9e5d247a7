"""The assessment pipeline as plain library functions (no Prefect, no CLI)."""
