"""Names people choose (usernames, team names): one canonical form, nothing invisible, nothing that passes for
Podium's own accounts and rows.

A name is NFKC-normalized (full-width and compatibility letters become plain ones) with its white space folded.
Invisible characters (zero-width, joiners, fillers) and text-direction controls are refused: they make two names
that look the same compare different, or show text in another order than it is stored. The reserved words
name what Podium marks specially (the baseline rows, hosts, the site and its administrators); a name that reads
as one of them once case, look-alike letters and digits are folded (`Ваseline`, `H0ST`, `p o d i u m`) is refused.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

RESERVED_WORDS = frozenset({"admin", "administrator", "baseline", "host", "podium", "staff", "moderator",
                            "official", "system", "root", "support"})
# Letters that read as Latin ones and that NFKC leaves alone (Cyrillic and Greek look-alikes) ...
HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h",
    "ԁ": "d", "ɡ": "g", "м": "m", "т": "t", "к": "k", "в": "b", "н": "h", "ո": "n", "ѵ": "v", "ԛ": "q", "ԝ": "w",
    "α": "a", "ε": "e", "ο": "o", "ρ": "p", "τ": "t", "ι": "i", "κ": "k", "ν": "v", "υ": "u", "β": "b", "η": "n",
})
# ... and the digits and symbols people write for letters, folded only to spot a reserved word.
LEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "|": "l",
                      "!": "i"})
ONE_AS_I = str.maketrans({"1": "i", "l": "i", "|": "i"})  # "adm1n", "admln": 1, l and | also stand for i
# Letters Unicode files as visible but that draw nothing (Hangul fillers, the braille blank).
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})  # controls, format (zero-width, bidi)


class NameRefused(ValueError):
    pass


def name_normalize(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).split())


def _invisible(name: str) -> str | None:
    return next((c for c in name if c in BLANK_LETTERS or unicodedata.category(c) in INVISIBLE_CATEGORIES), None)


def name_skeleton(name: str) -> str:
    """What a name looks like: case folded and look-alike letters replaced, so that two names a reader cannot
    tell apart (`alice`, `Аlice` with a Cyrillic А, `ALICE`) have the same skeleton."""
    return name_normalize(name).casefold().translate(HOMOGLYPHS)


def _reading(name: str) -> str:
    """What a name reads as, loosely: accents dropped, digits and symbols read as letters, only words left."""
    folded = unicodedata.normalize("NFKD", name_skeleton(name))
    letters = "".join(c for c in folded if not unicodedata.combining(c))  # é reads as e
    return re.sub(r"[\W_]+", " ", letters.translate(LEET)).strip()


def _reserved_word(name: str) -> str | None:
    words = set()
    for reading in (_reading(name), _reading(name.translate(ONE_AS_I))):
        words |= set(reading.split()) | {reading.replace(" ", "")}  # "p o d i u m" reads as podium
    return next((word for word in sorted(RESERVED_WORDS) if word in words), None)


def name_check(name: str, *, allow_reserved: bool = False) -> str:
    """The canonical form of `name`, or NameRefused saying what is wrong with it."""
    normalized = name_normalize(name)
    if (char := _invisible(normalized)) is not None:
        raise NameRefused(_("Names cannot contain invisible or text-direction characters (found U+%(code)04X).")
                          % {"code": ord(char)})
    if not allow_reserved and (word := _reserved_word(normalized)):
        raise NameRefused(_("'%(name)s' reads as '%(word)s', which is reserved for Podium's own accounts and "
                            "baseline rows. Choose another name.") % {"name": normalized[:100], "word": word})
    return normalized
