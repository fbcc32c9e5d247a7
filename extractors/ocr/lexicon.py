"""OCR near misses: words one typical misreading away from a frequent Indonesian word.

An OCR engine that misreads a glyph rarely produces another real word: "INOONESIA",
"PEMERlNTAH", "rnenteri", "Presidcn". :func:`is_near_miss` flags a word that is not in the
lexicon but turns into one when ONE typical confusion is undone. The lexicon is wordfreq's
Indonesian word list (about 31,000 words with a frequency of at least one per million, shipped in
the wheel: nothing is downloaded) plus the SPBE and administration terms it lacks, kept by hand in
``data/spbe_terms.txt`` ("interoperabilitas", "walidata", "monev"). Frequent words are enough to
tell a noisy OCR layer from clean text: every page of a decree repeats "daerah", "dengan",
"pemerintah".
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

# (what the OCR engine read, what was printed). Case matters: "O" for "D" is an upper-case
# confusion, "rn" for "m" a lower-case one. Each pair was seen in the OCR layers of the corpus or
# is a textbook confusion of Latin-script OCR.
# fmt: off
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("O", "D"), ("D", "O"), ("C", "O"), ("C", "G"), ("Q", "O"),  # round capitals: INOONESIA, NOMCR
    ("T", "I"), ("F", "P"), ("E", "B"),  # INDONESTA, Fusat, REPUELIK
    ("IVI", "M"), ("VV", "W"),
    ("rn", "m"), ("m", "rn"), ("rr", "n"), ("nn", "m"),  # rnenteri, intemal, dengarr
    ("cl", "d"), ("ci", "d"), ("li", "h"), ("ii", "u"), ("vv", "w"),  # baclan, Stanciar, tahun
    ("c", "e"), ("e", "c"), ("v", "y"), ("q", "g"),  # Presidcn, tugasnva, tinqkat
    ("l", "I"), ("I", "l"), ("l", "i"), ("i", "l"),  # PEMERlNTAH, lndonesia, meiaksanakan
    ("1", "I"), ("1", "l"), ("!", "I"), ("!", "i"), ("|", "I"), ("|", "l"),  # PRES!DEN
    ("0", "O"), ("0", "o"), ("5", "S"), ("5", "s"), ("8", "B"), ("4", "a"),  # kerj4
)
# fmt: on
# More than the ~31,000 words of wordfreq's "small" Indonesian list (frequency >= 1e-6): take all.
# The "large" list does not exist for Indonesian.
WORDFREQ_WORDS = 100_000
# Shorter words have too many real neighbours ("dan"/"dau") to judge.
MIN_NEAR_MISS_LENGTH = 5
# Letter/digit runs of a whitespace word; "!" and "|" count only inside one (PRES!DEN).
_CORE = re.compile(r"[^\W_](?:[^\W_]|[!|](?=[^\W_]))*")


@cache
def spbe_terms() -> frozenset[str]:
    """The lowercase words of ``extractors/data/spbe_terms.txt``."""
    text = resources.files("extractors").joinpath("data", "spbe_terms.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() for word in line.partition("#")[0].split())


@cache
def lexicon() -> frozenset[str]:
    """wordfreq's Indonesian words (letters only, lowercase) and :func:`spbe_terms`."""
    # Imported here: wordfreq pulls in langcodes/ftfy/regex (~80 ms), paid only by a process
    # that judges a text layer.
    from wordfreq import top_n_list

    frequent = (word for word in top_n_list("id", WORDFREQ_WORDS, wordlist="small") if word.isalpha())
    return frozenset(frequent) | spbe_terms()


def word_cores(word: str) -> list[str]:
    """The parts of a whitespace word the near-miss test looks at ("(INOONESIA)," -> INOONESIA)."""
    return _CORE.findall(word)


def _undo_one(core: str, seen: str, meant: str) -> list[str]:
    """Every string made from ``core`` by replacing one occurrence of ``seen`` with ``meant``."""
    variants = []
    start = core.find(seen)
    while start >= 0:
        variants.append(core[:start] + meant + core[start + len(seen) :])
        start = core.find(seen, start + 1)
    return variants


@lru_cache(maxsize=1 << 16)
def is_near_miss(core: str) -> bool:
    """True when ``core`` is no lexicon word but one undone OCR confusion makes it one."""
    words = lexicon()
    if len(core) < MIN_NEAR_MISS_LENGTH or core.lower() in words:
        return False
    return any(
        variant.lower() in words
        for seen, meant in CONFUSIONS
        if seen in core
        for variant in _undo_one(core, seen, meant)
    )
