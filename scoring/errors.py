"""Errors whose messages are shown verbatim to participants (submission) or hosts (solution)."""


class FormatError(ValueError):
    """A file that cannot be read as the expected format."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


class SubmissionFormatError(FormatError):
    """A participant's file is wrong; the message is shown to them verbatim."""


class SolutionFormatError(FormatError):
    """A host's solution file or metric configuration is wrong; the message is shown to the host."""
