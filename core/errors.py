"""One exception hierarchy with user-facing messages and CLI exit codes."""

from __future__ import annotations


class BuktiError(Exception):
    """Base of every bukti error. ``code`` is stable; ``exit_code`` is for the CLI."""

    code = "error"
    exit_code = 1


class InputError(BuktiError):
    code = "input"
    exit_code = 3


class UnsupportedFormatError(InputError):
    code = "unsupported"


class EncryptedError(InputError):
    code = "encrypted"


class CorruptFileError(InputError):
    code = "corrupt"


class EmptyFileError(InputError):
    code = "empty"


class TooLargeError(InputError):
    code = "too_large"


class UnreadableFileError(InputError):
    """The file exists but the operating system refuses to read it (permissions, I/O error)."""

    code = "unreadable"


class EmptyFolderError(InputError):
    """The evidence folder holds no file: refusing to retire the submission's documents."""

    code = "empty_folder"


class MissingFileError(InputError):
    """The input path does not exist or is not a regular file."""

    code = "not_found"


class MissingDependencyError(BuktiError):
    code = "missing_dependency"
    exit_code = 4


class RulePackError(BuktiError):
    code = "rule_pack"
    exit_code = 5


class StorageError(BuktiError):
    code = "storage"
    exit_code = 6
