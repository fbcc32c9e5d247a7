"""What every run worker needs, imported once by the worker pool's fork server.

Workers are forked from a fork server (``pipeline.workers``) that imported this module: the
extraction and matching stack and the spaCy tokenizer (~16k exception rules, ~2 s) are then
built once per run instead of once per worker, and a replaced worker starts at once. So are the
installed rule packs, loaded and compiled into matchers, and every format's extractor and the
identity reader (``extractors.preload``: each worker imported them itself).

Everything built here lives as long as the process, so it is frozen out of the cyclic garbage
collector (``gc.freeze``): each full collection in a worker otherwise walked these ~190k objects
again (7-10 % of a worker's CPU on the text corpus), and so did the fork server's own exit
(~0.4 CPU-s at the end of every run, while the run waited for it). spaCy is imported without
its command-line interface (``rules.lean_spacy``), and only the run's rule pack is compiled
when the command line named it (``pipeline.prestart.PRELOAD_PACKS``).
"""

from __future__ import annotations

import gc

from rules.lean_spacy import import_spacy_without_cli

import_spacy_without_cli()  # spaCy's command-line interface is ~40 % of its import: never used here

# imported for their side effect: the whole job stack is loaded (the OCR of signature blocks is
# imported by extract_document on first use, so that the flow process does not import it)
from extractors.ocr import signature_image, signature_scan  # noqa: E402, F401
from extractors.preload import preload_extractors  # noqa: E402
from pipeline import jobs  # noqa: E402
from rules.matcher import get_nlp  # noqa: E402 - after spaCy's import above

get_nlp()

jobs.preload_packs()
preload_extractors()  # every format's reader and the identity reader, built once for all workers

gc.freeze()
