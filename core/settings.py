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
    ocr_languages: str = "ind+eng"
    tables: bool = True  # pdfplumber tables (slower; pypdfium2 gives the page text)
    max_bytes: int = MAX_FILE_BYTES


def get_settings() -> Settings:
    return Settings()
