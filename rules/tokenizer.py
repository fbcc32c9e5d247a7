"""The Indonesian pipeline bukti matches with: spaCy's blank ``id`` plus one suffix rule.

A trailing slash is split off ("memverifikasi/ mengesahkan"): spaCy's default suffixes keep it
on the word, so phrases would miss enumerations written with slashes. The rule sits in the
language *defaults*, so the tokenizer is built once with it. Assigning ``suffix_search`` on a
built tokenizer instead re-validates its ~16k special cases, which cost ~2 s per process (the
main process and every pool worker) for identical tokens.
"""

from __future__ import annotations

from spacy.lang.id import Indonesian

# The one rule bukti adds to spaCy's Indonesian suffixes.
EXTRA_SUFFIXES = (r"/+",)


class _BuktiIndonesianDefaults(Indonesian.Defaults):
    suffixes = [*(Indonesian.Defaults.suffixes or ()), *EXTRA_SUFFIXES]


class BuktiIndonesian(Indonesian):
    """``spacy.blank("id")`` with :data:`EXTRA_SUFFIXES` (same ``lang``, same vocabulary)."""

    Defaults = _BuktiIndonesianDefaults
