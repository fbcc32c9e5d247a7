"""Installation checks behind ``bukti doctor``: each check says what is wrong and how to fix it."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from core.errors import BuktiError


class Check(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    ok: bool
    detail: str
    required: bool = True  # an optional part (OCR) missing is a warning, not a failure


def _packages() -> str:
    names = ("prefect", "pdfplumber", "pypdfium2", "python-docx", "spacy", "sqlalchemy", "alembic")
    return ", ".join(f"{n} {importlib.metadata.version(n)}" for n in names)


def _tesseract() -> str:
    from extractors.ocr.reader import check_tesseract

    info = check_tesseract()
    return f"tesseract {info.version}; bahasa {', '.join(info.languages)}"


def _spacy() -> str:
    """spaCy's compiled parts load and tokenize; the full Indonesian tokenizer is not built.

    Building it (``rules.matcher.get_nlp``: ~16k exception rules) takes ~2 s and exercises
    nothing more that an installation can get wrong than a bare tokenizer with the same rules.
    """
    import spacy
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_suffix_regex
    from spacy.vocab import Vocab

    from rules.tokenizer import BuktiIndonesian

    defaults = BuktiIndonesian.Defaults
    tokenizer = Tokenizer(Vocab(), suffix_search=compile_suffix_regex(defaults.suffixes or ()).search)
    words = [t.text for t in tokenizer("kebijakan/ SPBE")]
    if words != ["kebijakan", "/", "SPBE"]:
        raise BuktiError(f"tokenizer spaCy memberi {words}; pasang ulang spaCy ({spacy.__version__})")
    exceptions = len(defaults.tokenizer_exceptions)
    return f"spaCy {spacy.__version__}; tokenizer '{BuktiIndonesian.lang}' ({exceptions} pengecualian) siap"


def _database(url: str | None) -> str:
    from sqlalchemy import text

    from store.db import get_engine

    engine = get_engine(url)
    database = engine.url.database
    if engine.url.get_backend_name() == "sqlite" and database and not Path(database).exists():
        engine.dispose()  # do not create an empty file just by looking
        return (
            f"{engine.url.render_as_string(hide_password=True)} belum ada; dibuat otomatis oleh "
            "`bukti assess` pertama (atau `bukti db upgrade`)"
        )
    try:
        with engine.connect() as conn:
            version = conn.execute(text("select version_num from alembic_version")).scalar()
    except Exception as e:  # noqa: BLE001 - reported as a failed check with its cause
        raise BuktiError(
            f"{engine.url.render_as_string(hide_password=True)}: {e.__class__.__name__}: "
            f"{str(e).splitlines()[0]} — jalankan `bukti db upgrade`"
        ) from e
    finally:
        engine.dispose()
    return f"{engine.url.render_as_string(hide_password=True)} pada revisi {version}"


def _packs() -> str:
    from rules.loader import available_packs, load_rule_pack

    loaded = [load_rule_pack(name) for name in available_packs()]
    return "; ".join(f"{p.name} v{p.version} ({len(p.indicators())} indikator)" for p in loaded)


def _prefect() -> str:
    """Prefect's version, and whether the server ``PREFECT_API_URL`` names answers.

    Asked through Prefect's own client (it adds the API key or auth string and the TLS settings
    of the profile), once and briefly: a doctor reports, it does not wait out retries.
    """
    import prefect
    from prefect import get_client
    from prefect.settings import (
        PREFECT_API_REQUEST_TIMEOUT,
        PREFECT_API_URL,
        PREFECT_CLIENT_MAX_RETRIES,
        temporary_settings,
    )

    url = PREFECT_API_URL.value()
    if not url:
        return (f"prefect {prefect.__version__}; PREFECT_API_URL tidak disetel: tiap penilaian memakai "
                "server lokal sementara (jadwal malam butuh `prefect server start`, lihat README)")
    with temporary_settings({PREFECT_CLIENT_MAX_RETRIES: 0, PREFECT_API_REQUEST_TIMEOUT: 5.0}):
        with get_client(sync_client=True) as client:
            error = client.api_healthcheck()
    if error is not None:
        raise BuktiError(
            f"server Prefect di PREFECT_API_URL={url} tidak dapat dihubungi ({type(error).__name__}: "
            f"{str(error).splitlines()[0] if str(error) else '-'}) — jalankan `prefect server start` "
            "dengan host dan port itu (README, 'Operating bukti with Prefect'), perbaiki PREFECT_API_URL, "
            "atau hapus agar penilaian memakai server sementara"
        )
    return f"prefect {prefect.__version__}; server {url} menjawab"


def run_checks(database_url: str | None = None) -> list[Check]:
    """Run every check; never raises."""
    checks: list[tuple[str, Callable[[], str], bool]] = [
        ("paket python", _packages, True),
        ("paket aturan", _packs, True),
        ("spaCy", _spacy, True),
        ("database", lambda: _database(database_url), True),
        ("prefect", _prefect, True),
        ("tesseract OCR", _tesseract, False),
    ]
    results = []
    for name, fn, required in checks:
        try:
            results.append(Check(name=name, ok=True, detail=fn(), required=required))
        except Exception as e:  # noqa: BLE001 - a doctor reports, it does not crash
            results.append(
                Check(name=name, ok=False, detail=str(e) or e.__class__.__name__, required=required)
            )
    return results
