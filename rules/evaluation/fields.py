"""Metadata fields: label value vs extracted value, exact after light normalisation.

Normalisation is deliberately light - Unicode NFKC, case-folding, whitespace removed and
surrounding punctuation stripped - so "Wali Kota Denpasar" equals "Walikota Denpasar" and
"188.45 / 1186 / HK / 2017" equals "188.45/1186/HK/2017", but a different word, a missing
title part or a wrong digit is still a miss. A label of null (e.g. the blank number of a
draft) expects the extractor to report nothing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import Enum

from core.models import DocumentMetadata, MetaField
from rules.evaluation.labels import LabelRecord
from rules.evaluation.models import FieldOutcome

_SPACE = re.compile(r"\s+")
_EDGE_PUNCTUATION = " .,;:'\"()"

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


def normalise(value: object) -> str | None:
    """Comparable form of a field value; None for absent or empty values."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, date):
        value = value.isoformat()
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = _SPACE.sub("", text).strip(_EDGE_PUNCTUATION)
    return text or None


def display(value: object) -> str | None:
    """Readable form for reports (original case, single spaces)."""
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, date):
        return value.isoformat()
    return _SPACE.sub(" ", str(value)).strip() or None


def compare_metadata(record: LabelRecord, metadata: DocumentMetadata) -> list[FieldOutcome]:
    """One outcome per field of :data:`FIELDS`."""
    out: list[FieldOutcome] = []
    for name, (label_attr, meta_attr) in FIELDS.items():
        expected = getattr(record, label_attr)
        field: MetaField | None = getattr(metadata, meta_attr)
        got = field.value if field is not None else None
        out.append(
            FieldOutcome(
                field=name,
                expected=display(expected),
                got=display(got),
                correct=normalise(expected) == normalise(got),
            )
        )
    return out
