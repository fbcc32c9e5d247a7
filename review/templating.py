"""The Jinja2 environment of the review screens and the HTML report: autoescaped, with filters.

Kept free of FastAPI so exports (and the CLI) can render the HTML report without the web app.
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from review.highlight import highlight, mark_spans
from review.i18n import DEFAULT_LOCALE, Translator

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def format_number(value: float | None, decimals: int = 2) -> str:
    """Indonesian number format: decimal comma (2,45)."""
    return "-" if value is None else f"{value:.{decimals}f}".replace(".", ",")


def format_time(value: datetime | None) -> str:
    """A stored time as shown on the pages (UTC), ``-`` for none."""
    return "-" if value is None else value.strftime("%d-%m-%Y %H:%M UTC")


@functools.cache
def template_env() -> Environment:
    """Every template is escaped (passages are untrusted text); unknown names are errors."""
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True, undefined=StrictUndefined)
    env.filters.update(highlight=highlight, mark=mark_spans, number=format_number, time=format_time)
    # Defaults for renders outside a request (the HTML report); the web app passes its own per request.
    env.globals.update(t=Translator(DEFAULT_LOCALE), lang=DEFAULT_LOCALE, here="/")
    return env
