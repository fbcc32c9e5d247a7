"""Settings of the review app from the environment (prefix ``BUKTI_``) and its constants."""

from __future__ import annotations

import os
import secrets

from PIL import Image
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.errors import BuktiError
from core.settings import get_settings

# Confidence below this is flagged for the assessor to look at first.
LOW_CONFIDENCE = 0.6
# Identity fields (type, number, title ...) read with less confidence are marked "periksa".
CHECK_METADATA_BELOW = 0.5
# A login lasts a working day at most; the server-side session and the signed cookie end then.
SESSION_MAX_AGE_SECONDS = 12 * 3600
# A session unused this long ends too (a browser left open over lunch is fine, overnight is not).
SESSION_IDLE_SECONDS = 4 * 3600
# Page images: 1.5 x 72 dpi = 108 dpi, readable on screen and ~100-200 KB per A4 page.
PAGE_RENDER_SCALE = 1.5
# Row ids and page numbers in URLs and forms: PostgreSQL ``integer`` columns stop here (SQLite's
# at 2**63); larger values are refused as invalid input before they reach the database.
MAX_DB_ID = 2**31 - 1
SECRET_FILE_NAME = "review-secret-key"
# Shorter cookie-signing keys can be guessed offline from one signed cookie.
MIN_SECRET_LENGTH = 32


class ReviewSettings(BaseSettings):
    """``BUKTI_SECRET_KEY`` signs session cookies; ``BUKTI_COOKIE_SECURE`` for HTTPS deployments;
    ``BUKTI_MAX_RENDER_PIXELS`` / ``BUKTI_MAX_IMAGE_PIXELS`` bound page images;
    ``BUKTI_FORWARDED_ALLOW_IPS`` names the reverse proxy (``bukti serve --forwarded-allow-ips``)."""

    model_config = SettingsConfigDict(env_prefix="BUKTI_", extra="ignore")

    secret_key: str | None = None
    cookie_secure: bool = False
    # A page image is never larger than this: a giant PDF page is rendered at a smaller scale
    # (a 200-inch page at the usual scale took 3.3 GB per request), a large scan is scaled down.
    max_render_pixels: int = Field(default=12_000_000, ge=10_000)
    # Evidence images with more pixels than this are not decoded at all (a decompression bomb:
    # a few KB of PNG can claim billions of pixels); Pillow's own warning threshold by default.
    max_image_pixels: int = Field(default=Image.MAX_IMAGE_PIXELS or 89_478_485, ge=10_000)
    # Addresses whose X-Forwarded-For uvicorn believes (comma-separated; the reverse proxy's).
    # The login throttle counts per client address, so behind a proxy this must name the proxy;
    # "*" only when nothing but the proxy can reach the port, or clients can fake their address.
    forwarded_allow_ips: str = "127.0.0.1"


def resolve_secret_key(explicit: str | None = None) -> str:
    """The cookie-signing key: given, else ``BUKTI_SECRET_KEY``, else a random key kept in BUKTI_HOME.

    Keeping a generated key in a file (mode 600) keeps logins valid across restarts without
    asking operators to configure anything on a single machine.
    """
    key = explicit or ReviewSettings().secret_key
    if key:
        return _checked(key, "BUKTI_SECRET_KEY")
    path = get_settings().home / SECRET_FILE_NAME
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use theirs
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(secrets.token_urlsafe(48))
    return _checked(path.read_text(encoding="utf-8").strip(), str(path))


def _checked(key: str, where: str) -> str:
    if len(key) < MIN_SECRET_LENGTH:
        raise BuktiError(
            f"the secret key from {where} is shorter than {MIN_SECRET_LENGTH} characters: "
            "use a long random value (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        )
    return key
