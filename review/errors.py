"""Errors of the review layer; each subclasses the core hierarchy and says what to do."""

from __future__ import annotations

from core.errors import BuktiError, InputError


class NotFoundError(InputError):
    """A submission, indicator, document or page that does not exist."""

    code = "not_found"


class AccessDeniedError(BuktiError):
    """The user may not see this region or may not decide."""

    code = "forbidden"
    exit_code = 7


class DecisionInputError(InputError):
    """A decision form that cannot be recorded as given (e.g. an override without a reason)."""

    code = "invalid_decision"


class PageImageTooLargeError(InputError):
    """An evidence image with more pixels than the app decodes (a decompression bomb)."""

    code = "image_too_large"


class AuthenticationError(AccessDeniedError):
    """No password, or a name and password that do not match an active account."""

    code = "unauthenticated"
