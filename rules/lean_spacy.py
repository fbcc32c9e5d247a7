"""Import spaCy without its command-line interface, for processes that only tokenise and match.

``spacy/__init__.py`` imports ``spacy.cli.info`` to re-export ``spacy.info``, and with it the
whole ``spacy.cli`` package: typer, weasel, httpx, rich, requests, ~450 modules and ~40 % of
spaCy's import time. The workers' fork server imports spaCy before the first worker can start
(``pipeline.worker_preload``), so that import is on every run's critical path. Here spaCy is
imported while ``spacy.cli`` and ``spacy.cli.info`` are placeholder modules; the placeholders
are removed right after, so a later ``import spacy.cli`` imports the real package, and
``spacy.info`` imports it when called.

Standard library only, and nothing is done when spaCy is imported already.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

_PLACEHOLDERS = ("spacy.cli", "spacy.cli.info")


def import_spacy_without_cli() -> bool:
    """Import spaCy without ``spacy.cli``; False when spaCy was imported already."""
    if "spacy" in sys.modules or any(name in sys.modules for name in _PLACEHOLDERS):
        return False
    stubs = {name: types.ModuleType(name) for name in _PLACEHOLDERS}
    stubs["spacy.cli.info"].info = _info  # type: ignore[attr-defined]
    stubs["spacy.cli"].info = stubs["spacy.cli.info"]  # type: ignore[attr-defined]
    sys.modules.update(stubs)
    try:
        importlib.import_module("spacy")
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    return True


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: the real one, imported on first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


__all__ = ["import_spacy_without_cli"]
