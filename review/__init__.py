"""Assessor review: the web app (``review.app.create_app``), its view models and the exports.

Library functions live in :mod:`review.service` (what the screens and the CLI show and do) and
:mod:`review.exports` (XLSX, CSV, HTML, PDF); the web routes and CLI commands are thin callers.
"""
