"""Indonesia's regions from the official list: validate and spell region names found in documents.

``data/wilayah.txt`` holds the 38 provinces and 514 kabupaten/kota with their Kemendagri codes
(generated once by ``tools/make_gazetteer.py`` from maintained packages; see its header for the
sources and licences). A document names its region after a kind word - "PEMERINTAH KABUPATEN
HULU SUNGAI TENGAH", "Kab. Pakpak Bharat", "WALIKOTA BITUNG" - followed by whatever the layout puts
next ("... TAHUN 2020", "... Nomor SOP"). :func:`match_region` finds how many of the following
words are the region's name by looking them up, instead of guessing where a name ends, and
forgives the one or two letters OCR gets wrong ("DENPASR"). Pure: the list is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

KINDS = ("Provinsi", "Kabupaten", "Kota")
# Words after a kind word that a region's name can have; more would be a sentence.
MAX_NAME_WORDS = 5
# Letters OCR may get wrong in a name, by the name's length (letters only): none in short names,
# where one letter makes another real name ("BANDAR"/"BANJAR", "BATU"/"BUTU"), then one, then two.
_TYPOS = ((7, 0), (12, 1), (10**6, 2))
# A typo costs this many letters of match length, so an exact shorter name wins over a longer
# name with a typo only when the longer one is not much longer ("Aceh Barat" vs "Aceh Barat Daya").
_TYPO_COST = 3


@dataclass(frozen=True)
class Region:
    """One province, kabupaten or kota of the official list."""

    code: str
    kind: str  # Provinsi | Kabupaten | Kota
    name: str  # official spelling
    province: str  # for a kabupaten/kota; "" for a province
    aliases: tuple[str, ...] = ()

    @property
    def full(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass(frozen=True)
class RegionMatch:
    """A region named in a text: the list entry, how many words named it, how they were spelled."""

    region: Region
    words: int  # words of the text that make up the name
    printed: str  # those words as printed
    exact: bool  # letters equal to the official name or an alias (case, spaces, hyphens aside)

    @property
    def name(self) -> str:
        """The list's spelling of the name printed: an alias when the document uses one ("Tanjung
        Balai", "DKI Jakarta"), else the official name (also for OCR-damaged names)."""
        if self.exact:
            printed = key(self.printed)
            if key(self.region.name) == printed:
                return self.region.name
            return next((a for a in self.region.aliases if key(a) == printed), self.region.name)
        return self.region.name

    @property
    def full(self) -> str:
        return f"{self.region.kind} {self.name}"


def key(text: str) -> str:
    """Letters and digits only, upper case: "Toli-Toli" and "TOLI TOLI" both give "TOLITOLI"."""
    return re.sub(r"[^A-Z0-9]", "", text.upper())


@cache
def regions() -> tuple[Region, ...]:
    """Every region of ``data/wilayah.txt``."""
    text = resources.files("extractors").joinpath("data", "wilayah.txt").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, kind, name, province, aliases = (line.split("\t") + [""] * 5)[:5]
        found.append(Region(code, kind, name, province, tuple(a for a in aliases.split(";") if a)))
    return tuple(found)


@cache
def _by_kind() -> dict[str, dict[str, Region]]:
    """Name keys (official names and aliases) of each kind."""
    table: dict[str, dict[str, Region]] = {kind: {} for kind in KINDS}
    for region in regions():
        for name in (region.name, *region.aliases):
            table[region.kind].setdefault(key(name), region)
    return table


def _allowed_typos(length: int) -> int:
    return next(typos for limit, typos in _TYPOS if length < limit)


@lru_cache(maxsize=4096)
def _lookup(kind: str, name_key: str) -> tuple[Region, int] | None:
    """The region of ``kind`` whose name key is ``name_key`` or a few typos away; (region, typos)."""
    table = _by_kind().get(kind, {})
    if name_key in table:
        return table[name_key], 0
    limit = _allowed_typos(len(name_key))
    if limit == 0:
        return None
    # The first name key at the smallest edit distance within the limit, as rapidfuzz scans.
    found = process.extractOne(name_key, table.keys(), scorer=Levenshtein.distance, score_cutoff=limit)
    return (table[found[0]], int(found[1])) if found else None


def match_region(kind: str, words: list[str]) -> RegionMatch | None:
    """The region of ``kind`` named by the first of ``words`` ("HULU SUNGAI TENGAH NOMOR ..." -> 3)."""
    kind = canonical_kind(kind) or ""
    best: tuple[int, RegionMatch] | None = None
    for count in range(1, min(MAX_NAME_WORDS, len(words)) + 1):
        printed = " ".join(words[:count]).strip(" ,.;:")
        name_key = key(printed)
        if not name_key or not re.search(r"[A-Z]", name_key):
            break
        found = _lookup(kind, name_key)
        if found is None:
            continue
        region, typos = found
        score = len(name_key) - _TYPO_COST * typos
        if best is None or score > best[0]:
            best = (score, RegionMatch(region, count, printed, typos == 0))
    return best[1] if best else None


def canonical_kind(word: str) -> str | None:
    """ "KAB." -> "Kabupaten", "KOTA" -> "Kota", "Provinsi" -> "Provinsi"; None for other words."""
    upper = word.upper().strip(" .")
    if upper in ("KAB", "KABUPATEN"):
        return "Kabupaten"
    if upper == "KOTA":
        return "Kota"
    if upper in ("PROVINSI", "PROPINSI", "PROV"):
        return "Provinsi"
    return None


_KIND_WORD = re.compile(r"\b(KABUPATEN|KAB\.?|KOTA|PROVINSI|PROPINSI)(?:\s+ADMINISTRASI)?\s+(?=\S)", re.I)


def find_region(text: str) -> tuple[RegionMatch, int, int] | None:
    """The first "KIND NAME" in ``text`` whose name is on the list: (match, start, end) in ``text``."""
    for kind_match in _KIND_WORD.finditer(text):
        rest = text[kind_match.end() :]
        words = rest.split()
        found = match_region(kind_match.group(1), words[:MAX_NAME_WORDS])
        if found is None:
            continue
        end = kind_match.end()
        for word in words[: found.words]:
            end = text.index(word, end) + len(word)
        return found, kind_match.start(), end
    return None


def region_of_office(office_word: str, words: list[str]) -> RegionMatch | None:
    """The region a head of region governs: "BUPATI" + "TOLI-TOLI" -> Kabupaten Toli-Toli."""
    kind = {"BUPATI": "Kabupaten", "WALIKOTA": "Kota", "GUBERNUR": "Provinsi"}.get(
        office_word.upper().replace(" ", "")
    )
    return match_region(kind, words) if kind else None


__all__ = [
    "Region",
    "RegionMatch",
    "canonical_kind",
    "find_region",
    "match_region",
    "region_of_office",
    "regions",
]
