"""Metadata fields: label value vs extracted value, exact after normalisation.

Two normalisations, both reported:

* **strict** (every field): Unicode NFKC, case-folding, whitespace removed and surrounding
  punctuation stripped - so "Wali Kota Denpasar" equals "Walikota Denpasar" and
  "188.45 / 1186 / HK / 2017" equals "188.45/1186/HK/2017", but a different word, a missing
  title part or a wrong digit is a miss.
* **names** (issuer, region, title, signer only; numbers, years and dates stay strict): also
  ignores punctuation inside the value ("Kementerian X - Deputi Y" equals "Kementerian X
  (Deputi Y)"), reads "Kab." as "Kabupaten", and lets an acronym stand for the words whose
  initials spell it ("PANRB" = "Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
  "FMIPA" = "Fakultas Matematika dan Ilmu Pengetahuan Alam"; "dan"/"and" may be skipped).
  Still word for word: no word may be missing, added or reordered.

A label of null (e.g. the blank number of a draft) expects the extractor to report nothing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import Enum
from functools import cache

from core.models import DocumentMetadata, MetaField
from rules.evaluation.labels import LabelRecord
from rules.evaluation.models import FieldOutcome

_SPACE = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .,;:'\"()"
_WORD = re.compile(r"[^\W_]+")
_SKIPPABLE = frozenset({"dan", "and", "&", "of", "di"})

# report name -> (label attribute, metadata attribute)
FIELDS: dict[str, tuple[str, str]] = {
    "doc_type": ("doc_type", "doc_type"),
    "issuer": ("issuer", "issuer"),
    "region": ("region_or_agency", "region"),
    "number": ("number", "number"),
    "year": ("year", "year"),
    "title": ("title", "title"),
    "status": ("status", "status"),
    "date_set": ("date_set", "date_set"),
    "signer": ("signer_name", "signer"),
}
NAME_FIELDS = frozenset({"issuer", "region", "title", "signer"})


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, date):
        value = value.isoformat()
    return unicodedata.normalize("NFKC", str(value))


def normalise(value: object) -> str | None:
    """Strict comparable form of a field value; None for absent or empty values."""
    text = _text(value)
    if text is None:
        return None
    text = _SPACE.sub("", text.casefold()).strip(_EDGE_PUNCTUATION)
    return text or None


def name_words(value: object) -> tuple[str, ...]:
    """Words of a name or title for the **names** comparison (original case kept for acronyms)."""
    text = _text(value)
    if text is None:
        return ()
    text = re.sub(r"\bKab\.", "Kabupaten", text)
    text = re.sub(r"\bWali\s+[Kk]ota\b", "Walikota", text)
    return tuple(_WORD.findall(text))


def _is_acronym(word: str) -> bool:
    """A capitalised word of 3+ letters that is not a Roman numeral ("III" is not "Ini Itu Ini")."""
    return len(word) >= 3 and word.isalpha() and word.isupper() and not re.fullmatch(r"[IVXLCDM]+", word)


@cache
def _match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Word-for-word equality of ``a`` and ``b`` where an acronym may stand for several words."""
    if not a or not b:
        return not a and not b
    if a[0].casefold() == b[0].casefold() and _match(a[1:], b[1:]):
        return True
    return _expands(a, b) or _expands(b, a)


def _expands(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether ``a[0]`` is an acronym of a run of words at the start of ``b``."""
    if not _is_acronym(a[0]):
        return False
    letters = a[0].casefold()
    i = 0
    for j, word in enumerate(b):
        if i == len(letters):
            return _match(a[1:], b[j:])
        if word.casefold()[0] == letters[i]:
            i += 1
        elif word.casefold() not in _SKIPPABLE:
            return False
    return i == len(letters) and _match(a[1:], ())


def same_name(expected: object, got: object) -> bool:
    """The **names** comparison (see the module docstring)."""
    if normalise(expected) is None or normalise(got) is None:
        return normalise(expected) == normalise(got)
    return _match(name_words(expected), name_words(got))


def display(value: object) -> str | None:
    """Readable form for reports (original case, single spaces)."""
    text = _text(value)
    return _SPACE.sub(" ", text).strip() or None if text is not None else None


def compare_metadata(record: LabelRecord, metadata: DocumentMetadata) -> list[FieldOutcome]:
    """One outcome per field of :data:`FIELDS`."""
    out: list[FieldOutcome] = []
    for name, (label_attr, meta_attr) in FIELDS.items():
        expected = getattr(record, label_attr)
        field: MetaField | None = getattr(metadata, meta_attr)
        got = field.value if field is not None else None
        strict = normalise(expected) == normalise(got)
        correct = strict or (name in NAME_FIELDS and same_name(expected, got))
        out.append(
            FieldOutcome(
                field=name,
                expected=display(expected),
                got=display(got),
                correct=correct,
                strict=strict,
            )
        )
    return out
