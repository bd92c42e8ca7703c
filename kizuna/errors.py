"""One base exception, and one for bad input that names the file and the reason."""
from __future__ import annotations


class KizunaError(Exception):
    """Root of every error kizuna raises on purpose."""


class InputError(KizunaError):
    """A file (or a record inside it) that cannot be read as a document.

    The run reports it with `path` and `reason`, skips it and goes on.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        return InputError, (self.path, self.reason)   # pickled as it was built: workers send it back


class UsageError(KizunaError):
    """The caller asked for something that cannot be done (unknown locality, bad option)."""
