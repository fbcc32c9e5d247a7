"""Prefect flows: thin tasks over pipeline (assess-folder, nightly) and their task runners."""
