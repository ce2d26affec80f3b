"""Errors whose messages are shown verbatim to participants (submission) or hosts (solution).

Messages quote what the file holds (an id, a label, a header), and a file may hold anything: a 5 MB id would
otherwise come back as a 5 MB message, printed whole by the kaggle CLI. `shown` quotes a value shortened, and
every message is capped as a last guard.
"""

from gettext import gettext as _

MAX_SHOWN_CHARS = 80
MAX_MESSAGE_CHARS = 1000
ELLIPSIS = "…"


class FormatError(ValueError):
    """A file that cannot be read as the expected format."""

    def __init__(self, message: str, *, line: int | None = None):
        message = _capped(message)
        super().__init__(message)
        self.message = message
        self.line = line


class SubmissionFormatError(FormatError):
    """A participant's file is wrong; the message is shown to them verbatim."""


class SolutionFormatError(FormatError):
    """A host's solution file or metric configuration is wrong; the message is shown to the host."""


def shown(value: str, *, limit: int = MAX_SHOWN_CHARS) -> str:
    """``repr(value)`` for a message, shortened to about ``limit`` characters with its full length named."""
    if len(value) <= limit:
        return repr(value)
    return _("{start}{ellipsis} ({length:,} characters)").format(start=repr(value[:limit]), ellipsis=ELLIPSIS,
                                                                   length=len(value))


def _capped(message: str) -> str:
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return message[: MAX_MESSAGE_CHARS - 1] + ELLIPSIS
