"""Ground-truth labels for the accuracy harness (the schema of ``shared/labels/dev.yaml``).

One :class:`LabelRecord` per document: its identity (the metadata fields the extractor should
read), the indicators it alone supports as evidence with a level and the annotator's reason,
and for official evaluation reports (LHE) the per-indicator table, index and predicate as
printed. Keys this module does not know are ignored, so a newer labels file with extra remarks
still loads; a known key with a wrong type is an error naming the record.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.errors import InputError

SCANNED_LAYERS = frozenset({"image-only", "ocr-layer"})


class _Label(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class IndicatorLabel(_Label):
    """The level one document alone supports for one indicator, and why."""

    level: int = Field(ge=0, le=5)
    why: str = ""
    uncertain: bool = False


class LabelRecord(_Label):
    """One labelled document (paths are relative to the corpus folder)."""

    file: str
    sha256: str | None = None
    text_layer: str = "text"  # text | image-only | ocr-layer (DOCX counts as text)
    pages: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    region_or_agency: str | None = None
    number: str | None = None
    year: int | None = None
    title: str | None = None
    status: str | None = None
    date_set: date | None = None
    signer_name: str | None = None
    indicators: dict[str, IndicatorLabel] = Field(default_factory=dict)
    report_year: int | None = None
    report_index: float | None = None
    report_predicate: str | None = None
    framework: str | None = None  # of a report: "59/2020" or "5/2018"
    report_levels: dict[str, int] = Field(default_factory=dict)
    report_aspect_index: dict[str, float] = Field(default_factory=dict)
    notes: str = ""

    @field_validator("indicators", "report_levels", "report_aspect_index", mode="before")
    @classmethod
    def _string_keys(cls, value: Any) -> Any:
        """YAML gives integer keys (``1: {level: 2}``); indicator ids are strings everywhere."""
        if value is None:
            return {}
        return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("number", mode="before")
    @classmethod
    def _number_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @property
    def scanned(self) -> bool:
        """True for scans (no text layer, or a noisy OCR layer)."""
        return self.text_layer in SCANNED_LAYERS

    @property
    def layer_group(self) -> str:
        return "scanned" if self.scanned else "text"

    @property
    def is_report(self) -> bool:
        return bool(self.report_levels) and self.report_index is not None


class LabelSet(_Label):
    """A labels file: its split name, when it was first seen by the rule developers (optional
    header ``seen:``, e.g. "developed on" or "first seen 2026-12-06, after pack v2020.4.1"), and
    the labelled records (reference records excluded)."""

    schema_version: int = 1
    split: str = "dev"
    seen: str | None = None

    @field_validator("seen", mode="before")
    @classmethod
    def _seen_text(cls, value: Any) -> Any:
        """``seen: 2026-12-06`` reads as a date in YAML; it is a note."""
        return str(value) if value is not None and not isinstance(value, str) else value

    records: list[LabelRecord] = Field(default_factory=list)

    def reports(self) -> list[LabelRecord]:
        return [r for r in self.records if r.is_report]


def load_labels(path: Path) -> LabelSet:
    """Read and validate a labels YAML file; errors name the file and the record."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"labels file not found: {path}; pass --labels <file>") from e
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(f"cannot read labels file {path}: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise InputError(
            f"labels file {path} has no 'records' list; see shared/labels/dev.yaml for the schema"
        )
    try:
        return LabelSet.model_validate(data)
    except ValidationError as e:
        problems = "; ".join(_describe(err, data) for err in e.errors())
        raise InputError(f"labels file {path} is invalid: {problems}") from e


def _describe(err: Any, data: dict[str, Any]) -> str:
    loc = list(err["loc"])
    where = " -> ".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == "records" and isinstance(loc[1], int):
        records = data.get("records") or []
        name = records[loc[1]].get("file", "?") if loc[1] < len(records) else "?"
        where = f"{where} ({name})"
    return f"{where}: {err['msg']}"
