"""The scoring engine's format errors in the reader's language.

The engine raises errors made of message parts (a stable id from `scoring.messages.MESSAGES` and its
parameters); its wordings are marked for makemessages there and translated in ``scoring/locale``. Here they are
put through gettext at the moment they are shown, so a stored error reads in the language of whoever reads it,
not the language of the worker that scored the file.
"""

from typing import Any

from django.utils.translation import gettext

from scoring.errors import FormatError
from scoring.messages import render


def format_error_text(error: Exception) -> str:
    """What to tell the reader about ``error``: a format error in the active language, anything else as is."""
    if isinstance(error, FormatError):
        return render(error.parts, translate=gettext)
    return str(error)


def stored_error_text(*, parts: Any, fallback: str) -> str:
    """A stored error's text in the active language; ``fallback`` (the English text kept beside the parts) for
    rows stored before errors had ids, and for any stored id this version no longer knows."""
    if not parts:
        return fallback
    try:
        return render(parts, translate=gettext)
    except (KeyError, TypeError, ValueError):
        return fallback
