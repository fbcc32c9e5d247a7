"""What every run worker needs, imported once by the worker pool's fork server.

Workers are forked from a fork server (``pipeline.workers``) that imported this module: the
extraction and matching stack and the spaCy tokenizer (~16k exception rules, ~2 s) are then
built once per run instead of once per worker, and a replaced worker starts at once. So are the
installed rule packs, loaded and compiled into matchers.
"""

from __future__ import annotations

from pipeline import jobs  # noqa: F401 - imported for its side effect: the whole job stack is loaded
from rules.matcher import get_nlp

get_nlp()

jobs.preload_packs()
