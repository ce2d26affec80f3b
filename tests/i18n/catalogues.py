"""Reading the project's gettext catalogues (the six `locale/` folders of settings.LOCALE_PATHS) for the i18n tests:
a small .po reader (entries with context, plural, flags) and the English phrases the catalogues translate."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[sd]|\{\{[^}]*\}\}|\{[a-z_]*\}")
TAG = re.compile(r"<[^>]*>")
ENTITY = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#x27;": "'", "&nbsp;": " "}


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)


def po_files(language: str = "ko") -> list[Path]:
    return [Path(folder) / language / "LC_MESSAGES" / "django.po" for folder in settings.LOCALE_PATHS]


def read_po(path: Path) -> list[Entry]:
    """Every entry but the header, in file order; obsolete (#~) entries marked."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry = _entry(block.strip().splitlines())
        if entry is not None and entry.msgid != "":
            entries.append(entry)
    return entries


def _entry(lines: list[str]) -> Entry | None:
    fields: dict[str, str] = {}
    flags: set[str] = set()
    current = None
    obsolete = any(line.startswith("#~") for line in lines)
    for line in lines:
        if obsolete and line.startswith("#~"):
            line = line[2:].strip()
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        if match:
            current = match.group(1)
            fields[current] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and current:
            fields[current] += ast.literal_eval(line)
    if "msgid" not in fields:
        return None
    msgstr = [fields[name] for name in sorted(fields) if name.startswith("msgstr")]
    return Entry(fields["msgid"], fields.get("msgctxt"), fields.get("msgid_plural"), msgstr, flags - {""}, obsolete)


def visible(text: str) -> str:
    """What a reader sees of a template string: tags and entities read as text, whitespace collapsed."""
    text = TAG.sub(" ", text)
    for entity, char in ENTITY.items():
        text = text.replace(entity, char)
    return " ".join(text.split())


def english_phrases(min_words: int = 2, min_words_in_part: int = 3) -> dict[str, str]:
    """{phrase: msgid} for every active msgid of the project's catalogues, as a page would show it untranslated:
    a msgid without placeholders whole (at least `min_words` words); one with placeholders or tags, each literal
    part between them of at least `min_words_in_part` words (shorter parts, "Up to", are too common to tell).
    Left out: msgids the Korean catalogue keeps as they are (product words such as metric names)."""
    phrases: dict[str, str] = {}
    for path in po_files("ko"):
        if not path.exists():
            continue
        for entry in read_po(path):
            if entry.obsolete:
                continue
            for source in filter(None, (entry.msgid, entry.msgid_plural)):
                for phrase, whole in _parts(source):
                    words = len(re.findall(r"[A-Za-z]+", phrase))
                    if words >= (min_words if whole else min_words_in_part) and not _kept(phrase, entry):
                        phrases.setdefault(phrase, entry.msgid)
    return phrases


def _parts(msgid: str) -> list[tuple[str, bool]]:
    pieces = re.split(r"\x00", PLACEHOLDER.sub("\x00", TAG.sub("\x00", msgid)))
    whole = len(pieces) == 1
    return [(visible(piece).strip(" ,;:·—-()"), whole) for piece in pieces if visible(piece).strip()]


def _kept(phrase: str, entry: Entry) -> bool:
    return any(phrase in visible(msgstr) for msgstr in entry.msgstr)
