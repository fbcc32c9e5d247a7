"""Settings from the environment (prefix ``BUKTI_``) and run options."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Files larger than this are refused as too large rather than read into memory.
MAX_FILE_BYTES = 200 * 1024 * 1024


class Settings(BaseSettings):
    """Process-wide settings. ``BUKTI_DATABASE_URL`` overrides the SQLite default."""

    model_config = SettingsConfigDict(env_prefix="BUKTI_", extra="ignore")

    home: Path = Field(default=Path.home() / ".bukti")
    database_url: str | None = None
    # Worker processes for extraction and matching per flow run; None = CPU count (capped), 0 = none.
    workers: int | None = Field(default=None, ge=0)
    # Root of the nightly inbox, laid out as <inbox>/<region>/<year>/...
    inbox: Path | None = None
    # Dask scheduler (tcp://host:8786) for the document tasks; None = threads over a local process pool.
    dask_address: str | None = None
    # Longest reason an assessor may give (decisions, document acceptances): the decision log is
    # kept for ever, so a pasted document or a hostile megabyte must not end up in it.
    max_reason_chars: int = Field(default=5000, ge=1)
    # Office packages (DOCX, XLSX, PPTX, ODT, ...) are ZIPs whose parts the readers inflate in memory
    # (python-docx loads every part): above this total, declared uncompressed, one is refused unread.
    # Real documents stay far below (images are stored compressed); a zip bomb declares gigabytes.
    package_max_bytes: int = Field(default=512 * 1024**2, gt=0)
    # ...and no part above 1 MiB may inflate more than this: the corpus' largest is 31x (XML),
    # deflate's maximum is ~1,030x, which is what a bomb of zeros reaches.
    package_max_ratio: float = Field(default=200.0, gt=1)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'bukti.db'}"


class OcrMode(StrEnum):
    auto = "auto"
    force = "force"
    never = "never"


class ExtractOptions(BaseModel):
    """Per-run extraction options; CLI flags and flow parameters map onto these."""

    model_config = ConfigDict(extra="forbid")

    ocr: OcrMode = OcrMode.auto
    # ``eng`` beside ``ind`` costs 12-17 % more CPU per page and reads the same words
    # (benchmarks/ocr_options.py), but ``ind`` alone read the colons of a scanned memo's header
    # ("Dari : ...", "Perihal : ...") as "1" and "—", which cost that memo its issuer and subject
    # on the dev labels, and a decree number's digit on dev2; so both stay.
    ocr_languages: str = "ind+eng"
    # pdfplumber tables of PDF pages (PageText.tables). Off by default: no rule, identity reader or
    # review view reads PDF tables (LHE and SOP sheets are read from the page text), and on ruled
    # pages pdfplumber cost ~2/3 of a corpus run. DOCX/ODT/PPTX/XLSX tables come free and stay.
    tables: bool = False
    max_bytes: int = MAX_FILE_BYTES
    # OCR worker processes, capped at the CPU count (2 x 1 OpenMP thread was fastest on 2 cores).
    ocr_workers: int = Field(default=2, ge=1)
    # Page-level OCR cache; None = <BUKTI_HOME>/ocr-cache.
    ocr_cache_dir: Path | None = None


def get_settings() -> Settings:
    """The settings read from the environment now (``BUKTI_`` variables), not cached."""
    return Settings()
