"""Which government a document comes from, and whether it is the submission's own.

A folder can hold another region's minutes or Perbup; counted silently they lift the
submission's levels. This module reads a government out of a metadata value (issuer or
region: "Walikota Denpasar", "PEMERINTAH KAB. BADUNG", "Kapanewon Pakem, Kabupaten Sleman",
"Menteri Koordinator Bidang Perekonomian") or a submission's region ("kota-denpasar",
"Denpasar"), and compares two of them: same, different, or unknown. Unknown never excludes a
document: a value no government can be read from, or a submission without a region, says
nothing about origin.

Names are compared by kind (Kota, Kabupaten, Provinsi, a central agency) and normalised words;
an abbreviated name matches the full one when it is made of the leading letters of each word
in order ("Kalbar" = Kalimantan Barat, "PANRB", "Bappenas"), a rule rather than a list, so no
gazetteer has to be kept. Kota Bogor and Kabupaten Bogor differ; a bare name (a folder called
"bogor") matches either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class GovKind(StrEnum):
    kota = "kota"
    kabupaten = "kabupaten"
    provinsi = "provinsi"
    pusat = "pusat"  # a ministry, a national agency, the President


class Relation(StrEnum):
    same = "same"
    different = "different"
    unknown = "unknown"  # nothing to compare: never a reason to set a document aside


# A dominant region is inferred only from a clear majority of the documents that name one.
DOMINANT_SHARE = 0.6
DOMINANT_MIN_DOCUMENTS = 2
MAX_REGION_WORDS = 4  # "Kabupaten Hulu Sungai Selatan", "Kabupaten Tanjung Jabung Barat"
MAX_AGENCY_WORDS = 8  # "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"

_REGIONAL: dict[str, GovKind] = {
    "kota": GovKind.kota, "walikota": GovKind.kota, "pemkot": GovKind.kota, "kotamadya": GovKind.kota,
    "kabupaten": GovKind.kabupaten, "kab": GovKind.kabupaten, "bupati": GovKind.kabupaten,
    "pemkab": GovKind.kabupaten,
    "provinsi": GovKind.provinsi, "propinsi": GovKind.provinsi, "prov": GovKind.provinsi,
    "gubernur": GovKind.provinsi, "pemprov": GovKind.provinsi,
}  # fmt: skip
_KIND_LABELS = {GovKind.kota: "Kota", GovKind.kabupaten: "Kabupaten", GovKind.provinsi: "Provinsi"}
# Words that end a region's name: what follows is another unit, a number or the subject.
_NAME_STOPS = frozenset({
    "tahun", "nomor", "no", "tentang", "kecamatan", "kapanewon", "kemantren", "kelurahan", "desa",
    "distrik", "dinas", "badan", "sekretariat", "bidang", "bagian", "kepala", "republik", "pemerintah",
})  # fmt: skip
_SKIP_AFTER_KIND = frozenset({"administrasi"})  # "Kota Administrasi Jakarta Selatan"
# Heads of a central government body; "menteri"/"kemenko" are rewritten to the ministry's name.
_AGENCY_HEADS = {"menteri": ("kementerian",), "kementerian": ("kementerian",),
                 "kemenko": ("kementerian", "koordinator"), "badan": ("badan",), "lembaga": ("lembaga",)}
# "Badan"/"Lembaga" alone may be a regional office ("Badan Kepegawaian Daerah"): central only
# when its name says so.
_NATIONAL_MARKS = frozenset({"nasional", "negara", "pusat"})
_AGENCY_STOPS = frozenset({"deputi", "tahun", "nomor", "tentang", "provinsi", "kota", "kabupaten"})
# Words that do not tell two names apart ("Kementerian Koordinator Bidang Perekonomian").
_FILLERS = frozenset({"bidang", "dan", "republik", "indonesia", "ri"})
_SEPARATOR = "|"


@dataclass(frozen=True)
class Government:
    """A government as read from text: its kind (None for a bare name) and its name's words."""

    kind: GovKind | None
    words: tuple[str, ...]  # lowercase; for a central body the body's own words ("kementerian", ...)
    label: str  # for people: "Kota Denpasar", "Kementerian Koordinator Bidang Perekonomian"

    @property
    def key(self) -> tuple[str, ...]:
        """The words that identify it (fillers dropped)."""
        return tuple(w for w in self.words if w not in _FILLERS)


def parse_governments(text: str | None) -> list[Government]:
    """Every government named in a metadata value; regions before central bodies.

    Where a kota or kabupaten is named, the province around it is dropped ("Kabupaten Badung
    Provinsi Bali" is Kabupaten Badung); a joint document may name several.
    """
    if not text or not text.strip():
        return []
    return list(_parsed_governments(text))


# A run reads each document's issuer and region twice (the reference government, then the foreign
# documents), and a folder's documents repeat a few issuers and regions: read once, ~0.02 CPU-s less
# in an unchanged re-run of 1,000 documents. A tuple of frozen values: shared safely.
@lru_cache(maxsize=4096)
def _parsed_governments(text: str) -> tuple[Government, ...]:
    tokens = _tokens(text)
    regional = _regional(tokens, _title_case(text))
    if regional:
        local = [g for g in regional if g.kind is not GovKind.provinsi]
        return tuple(_unique(local or regional))
    central = _central(tokens, _title_case(text))
    return (central,) if central is not None else ()


def parse_government(text: str | None, *, bare: bool = False) -> Government | None:
    """The first government named in ``text``; with ``bare``, a plain name ("Denpasar") too.

    Bare names come from submissions (a folder called after its region), never from a document:
    an issuer like "Panewu Pakem" or "Tim Koordinasi" names no government.
    """
    found = parse_governments(text)
    if found:
        return found[0]
    if not bare or not text:
        return None
    words = [t for t in _tokens(text) if t[0] != _SEPARATOR]
    if not words or len(words) > MAX_REGION_WORDS or any(not w[0].isalpha() for w in words):
        return None
    return Government(None, tuple(w[0] for w in words), _title_case(text)(w[1] for w in words))


def same_government(a: Government, b: Government) -> bool:
    """Whether two readings name the same government (a bare name matches any kind)."""
    if a.kind is not None and b.kind is not None and a.kind != b.kind:
        return False
    left, right = list(a.key), list(b.key)
    while left and right and left[0] == right[0]:
        left, right = left[1:], right[1:]
    while left and right and left[-1] == right[-1]:
        left, right = left[:-1], right[:-1]
    if not left and not right:
        return True
    if len(left) == 1 and len(right) >= 2:
        return abbreviates(left[0], right)
    if len(right) == 1 and len(left) >= 2:
        return abbreviates(right[0], left)
    return False


def abbreviates(short: str, words: Sequence[str]) -> bool:
    """Whether ``short`` is made of a non-empty prefix of each of ``words``, in order.

    "kalbar" = KALimantan BARat, "panrb" = P-A-N-R-B, "bappenas" = BAdan P PErencanaan NASional.
    """
    if not words:
        return not short
    if len(short) < len(words):
        return False
    head, rest = words[0], words[1:]
    for cut in range(1, len(short) - len(rest) + 1):
        if head.startswith(short[:cut]) and abbreviates(short[cut:], rest):
            return True
    return False


def compare_regions(reference: str | None, document: str | None) -> Relation:
    """Same, different or unknown: a submission's region against one metadata value."""
    ours = parse_government(reference, bare=True)
    theirs = parse_governments(document)
    if ours is None or not theirs:
        return Relation.unknown
    return Relation.same if any(same_government(ours, g) for g in theirs) else Relation.different


def document_relation(
    reference: Government | None, issuer: str | None, region: str | None
) -> tuple[Relation, Government | None]:
    """Where a document stands against the submission's government, and the government it names.

    Same when any government read from the document (region, then issuer) is the submission's:
    a joint decree or an agreement the submission is party to is its own. Different when the
    document names governments and none is the submission's; unknown when it names none.
    """
    found = parse_governments(region) + parse_governments(issuer)
    if reference is None or not found:
        return Relation.unknown, found[0] if found else None
    if any(same_government(reference, g) for g in found):
        return Relation.same, next(g for g in found if same_government(reference, g))
    return Relation.different, found[0]


def document_government(issuer: str | None, region: str | None) -> Government | None:
    """The government a document names first (its region, else its issuer), or None."""
    found = parse_governments(region) + parse_governments(issuer)
    return found[0] if found else None


def reference_government(given: str | None, documents: Iterable[Government | None]) -> Government | None:
    """The government documents are compared with: the submission's region, else the dominant one.

    A bare given name that no document carries (a folder called "bukti" rather than after its
    region) is not taken as a region; the documents decide then. None: nothing is foreign.
    """
    read = [g for g in documents if g is not None]
    ours = parse_government(given, bare=True) if given else None
    if ours is not None and (ours.kind is not None or any(same_government(ours, g) for g in read)):
        return ours
    return dominant_government(read)


def dominant_government(governments: Sequence[Government]) -> Government | None:
    """The government at least ``DOMINANT_SHARE`` of ``governments`` name (and at least two)."""
    groups: list[list[Government]] = []
    for government in governments:
        group = next((g for g in groups if same_government(g[0], government)), None)
        if group is None:
            groups.append([government])
        else:
            group.append(government)
    if not groups:
        return None
    top = max(groups, key=len)
    if len(top) < DOMINANT_MIN_DOCUMENTS or len(top) / len(governments) < DOMINANT_SHARE:
        return None
    return top[0]


def foreign_reason(document: Government, reference: Government) -> str:
    """Why a document from another government is not counted (Indonesian, shown to assessors)."""
    return (
        f"Dokumen dari {document.label}, bukan {reference.label} (wilayah pengajuan): "
        "tidak dihitung sebagai bukti kecuali diterima penilai"
    )


# --- reading -------------------------------------------------------------------------------

Token = tuple[str, str]  # (lowercase, as written)


def _tokens(text: str) -> list[Token]:
    flat = re.sub(r"\bwali\s+kota\b", "walikota", text, flags=re.I)
    flat = re.sub(r"\s[-–—]\s|[,;:()/|\[\]]", f" {_SEPARATOR} ", flat)
    flat = re.sub(r"[._\-–]", " ", flat)  # "Kab.", "kota-denpasar", "kab_madiun"
    return [(t.lower(), t) for t in re.findall(rf"[\w']+|\{_SEPARATOR}", flat)]


def _regional(tokens: list[Token], label: _Labeller) -> list[Government]:
    found = []
    for i, (word, _) in enumerate(tokens):
        kind = _REGIONAL.get(word)
        if kind is None:
            continue
        start = i + 1
        while start < len(tokens) and tokens[start][0] in _SKIP_AFTER_KIND:
            start += 1
        name = _region_name(tokens, start)
        if name:
            words = tuple(t[0] for t in name)
            found.append(Government(kind, words, f"{_KIND_LABELS[kind]} {label(t[1] for t in name)}"))
    return found


def _region_name(tokens: list[Token], start: int) -> list[Token]:
    name: list[Token] = []
    for j in range(start, len(tokens)):
        word = tokens[j][0]
        if word == _SEPARATOR or word in _REGIONAL or word in _NAME_STOPS or not word.isalpha():
            break
        if word == "dan" and (j + 1 >= len(tokens) or _ends_name(tokens[j + 1][0])):
            break  # "Kota A dan Kabupaten B"; but "Kabupaten Pangkajene dan Kepulauan" goes on
        name.append(tokens[j])
        if len(name) == MAX_REGION_WORDS:
            break
    while name and name[-1][0] == "dan":
        name.pop()
    return name if name and len(name[0][0]) >= 2 else []


def _ends_name(word: str) -> bool:
    return word == _SEPARATOR or word in _REGIONAL or word in _NAME_STOPS or word in _AGENCY_HEADS


def _central(tokens: list[Token], label: _Labeller) -> Government | None:
    words = [t[0] for t in tokens]
    if "presiden" in words or words[:2] == ["republik", "indonesia"] or words[:3] == [
        "pemerintah", "republik", "indonesia"
    ]:
        return Government(GovKind.pusat, ("republik", "indonesia"), "Republik Indonesia")
    head = next((i for i, w in enumerate(words) if w in _AGENCY_HEADS), None)
    if head is None:
        return None
    rest = []
    for token in tokens[head + 1 :]:
        if token[0] == _SEPARATOR or token[0] in _AGENCY_STOPS or not token[0].isalpha():
            break
        rest.append(token)
    rest = rest[: MAX_AGENCY_WORDS - 1]
    if not rest or (words[head] in ("badan", "lembaga") and not _NATIONAL_MARKS & {t[0] for t in rest}):
        return None
    lead = _AGENCY_HEADS[words[head]]
    shown = " ".join(w.capitalize() for w in lead)
    return Government(GovKind.pusat, (*lead, *(t[0] for t in rest)), f"{shown} {label(t[1] for t in rest)}")


class _Labeller:
    """Writes name words for people in the case of the source: as typed, or capitalised."""

    def __init__(self, capitalise: bool) -> None:
        self.capitalise = capitalise

    def __call__(self, words: Iterable[str]) -> str:
        out = []
        for word in words:
            if word.lower() == "dan":
                out.append("dan")
            elif self.capitalise:
                out.append(word.capitalize())
            else:
                out.append(word[0].upper() + word[1:])
        return " ".join(out)


def _title_case(text: str) -> _Labeller:
    """All-capital or all-lowercase text ("KOTA DENPASAR", "kota-denpasar") is capitalised;
    mixed case ("Kementerian PANRB") is kept as typed."""
    letters = [c for c in text if c.isalpha()]
    return _Labeller(all(c.isupper() for c in letters) or all(c.islower() for c in letters))


def _unique(governments: list[Government]) -> list[Government]:
    out: list[Government] = []
    for government in governments:
        if not any(g.kind == government.kind and g.key == government.key for g in out):
            out.append(government)
    return out


__all__ = [
    "GovKind",
    "Government",
    "Relation",
    "abbreviates",
    "compare_regions",
    "document_government",
    "document_relation",
    "dominant_government",
    "foreign_reason",
    "parse_government",
    "parse_governments",
    "reference_government",
    "same_government",
]
