"""Errors whose messages are shown to participants (submission) or hosts (solution).

An error carries message parts (`scoring.messages`): a stable id and its parameters, which the app words in the
reader's language; ``str(error)`` and ``error.message`` are the English wording, for logs and scripts.

Messages quote what the file holds (an id, a label, a header), and a file may hold anything: a 5 MB id would
otherwise come back as a 5 MB message, printed whole by the kaggle CLI. `shown` quotes a value shortened, and
every message is capped as a last guard.
"""

from typing import Any, Self

from scoring.messages import MAX_MESSAGE_CHARS, part, render

__all__ = ["FormatError", "MAX_MESSAGE_CHARS", "SolutionFormatError", "SubmissionFormatError", "shown"]

MAX_SHOWN_CHARS = 80


class FormatError(ValueError):
    """A file that cannot be read as the expected format.

    Attributes:
      parts: ``[{"id": ..., "params": {...}}, ...]``, JSON-ready, rendered one after the other.
      line: The line to fix, when there is one (also the ``line`` parameter).
      message: The English rendering.
    """

    def __init__(self, message_id: str, /, *, line: int | None = None, **params: Any):
        self.line = line
        if line is not None:
            params = {"line": line, **params}
        self.parts = [part(message_id, **params)]
        self._render()

    def add(self, message_id: str, /, *, before: bool = False, **params: Any) -> Self:
        """Adds a sentence after the message (or before it), e.g. a hint or the row counts."""
        self.parts.insert(0 if before else len(self.parts), part(message_id, **params))
        self._render()
        return self

    def _render(self) -> None:
        self.message = render(self.parts)
        self.args = (self.message,)


class SubmissionFormatError(FormatError):
    """A participant's file is wrong; the message is shown to them."""


class SolutionFormatError(FormatError):
    """A host's solution file or metric configuration is wrong; the message is shown to the host."""


def shown(value: str, *, limit: int = MAX_SHOWN_CHARS) -> str | dict:
    """``repr(value)`` for a message parameter, shortened to about ``limit`` characters with its full length."""
    if len(value) <= limit:
        return repr(value)
    return part("value.shortened", start=repr(value[:limit]), length=f"{len(value):,}")
