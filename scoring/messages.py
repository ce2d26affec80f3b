"""Every message the engine gives, under a stable id, with its English wording.

An error carries parts, each ``{"id": ..., "params": {...}}``, instead of finished text, so that the app can
word it in the reader's language when it shows it (`competitions.format_messages`), long after a worker scored
the file. Each wording is a ``%(name)s`` template, the form gettext catalogues check placeholder by placeholder;
``gettext_noop`` only marks it for ``makemessages``, which files it under ``scoring/locale``.

Parameters are plain JSON values, already as they are shown: positions (``line``, ``column``) as numbers,
counts grouped as text (``"12,457"``), quoted file content as text. A parameter may itself be a part (a
shortened value, a size with its unit, a label set), rendered first in the same language, or a list of values
and parts, shown separated by commas.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import Any

MAX_MESSAGE_CHARS = 1000
ELLIPSIS = "…"


def gettext_noop(message: str) -> str:
    """Marks ``message`` for extraction; the engine itself always speaks English."""
    return message


MESSAGES: dict[str, str] = {
    # Unpacking and decoding (scoring.parsers.decompress)
    "file.empty": gettext_noop("The file is empty."),
    "file.too_large": gettext_noop("The file is more than %(limit)s, the size limit."),
    "file.unpacked_too_large": gettext_noop("The file decompresses to more than %(limit)s, the size limit."),
    "size.bytes": gettext_noop("%(count)s bytes"),
    "size.mib": gettext_noop("%(count)s MiB"),
    "archive.unsupported": gettext_noop(
        "%(kind)s archives are not supported: upload the plain file, a .gz, or a .zip holding one file."),
    "archive.nested": gettext_noop(
        "The %(outer)s file holds a %(inner)s file instead of text: compress the plain file once."),
    "gzip.truncated": gettext_noop("The gzip file is truncated."),
    "gzip.corrupt": gettext_noop("The gzip file is corrupt (%(reason)s)."),
    "zip.corrupt": gettext_noop("The zip file is corrupt (%(reason)s)."),
    "zip.unreadable": gettext_noop("The zip file cannot be read (%(reason)s)."),
    "zip.not_one_file": gettext_noop(
        "A zip upload must hold exactly one file and no folders; this one holds %(names)s."),
    "zip.not_one_file_more": gettext_noop(
        "A zip upload must hold exactly one file and no folders; this one holds %(names)s and %(more)s more."),
    "zip.empty": gettext_noop("A zip upload must hold exactly one file and no folders; this one holds nothing."),
    "text.utf16": gettext_noop("The file is UTF-16 text; save it as UTF-8."),
    "text.binary": gettext_noop(
        "Line %(line)s: the file is binary, not text (a NUL byte at character %(column)s of the line)."),
    "text.not_utf8": gettext_noop(
        "Line %(line)s: the file is not UTF-8 text (invalid byte 0x%(byte)s at character %(column)s of the line). "
        "Save it as UTF-8."),
    "text.double_bom": gettext_noop(
        "The file starts with two byte-order marks (U+FEFF, invisible in most editors), so its header does not "
        "read as the header: save it as UTF-8 once, with at most one."),
    "hint.spreadsheet": gettext_noop("Spreadsheet and binary table formats are not accepted: export a CSV."),
    # CSV (scoring.parsers.csv_rows, id_target, summary)
    "csv.unclosed_quote": gettext_noop(
        "Line %(line)s: a quoted field opens here and its closing quote never comes, so the rest of the file is "
        "read as one field. Close the quote, and write a quote inside a field as two (\"\")."),
    "csv.field_too_long": gettext_noop("Line %(line)s: a field has more than %(limit)s characters."),
    "csv.summary_too_long": gettext_noop(
        "Line %(line)s: a field has more than %(limit)s characters; a summary may have at most %(max_chars)s."),
    "csv.malformed": gettext_noop("Line %(line)s: malformed CSV (%(reason)s)."),
    "header.wrong": gettext_noop("Line %(line)s: wrong header: expected '%(expected)s', found %(found)s."),
    "header.index_column": gettext_noop(
        "Line %(line)s: wrong header: expected '%(expected)s', found %(found)s (an index column; write the file "
        "with index=False)."),
    "header.wrong_summary": gettext_noop(
        "Line %(line)s: wrong header: expected 'fname,summary' or ',fname,summary', found %(found)s."),
    "columns.count": gettext_noop("Line %(line)s: expected %(expected)s columns (%(header)s), found %(found)s."),
    "columns.missing": gettext_noop("Line %(line)s: missing column '%(name)s'; the header is %(header)s."),
    "file.header_only": gettext_noop("The file has a header but no rows."),
    "label.not_integer": gettext_noop("Line %(line)s: target must be an integer class label, found %(value)s."),
    "label.invalid": gettext_noop(
        "Line %(line)s: target %(value)s is not a valid label; allowed labels are %(labels)s."),
    "labels.range": gettext_noop("%(low)s to %(high)s"),
    "labels.listed_more": gettext_noop("%(listed)s, ... (%(count)s labels)"),
    "summary.empty": gettext_noop("Line %(line)s: the summary for %(fname)s is empty."),
    "summary.too_long": gettext_noop(
        "Line %(line)s: the summary for %(fname)s has %(length)s characters; the limit is %(limit)s."),
    # JSON Lines (scoring.parsers.jsonl)
    "json.invalid": gettext_noop(
        "Line %(line)s: not valid JSON (%(reason)s at column %(column)s); the file must hold one JSON object per "
        "line."),
    "json.not_object": gettext_noop("Line %(line)s: expected a JSON object, found %(found)s."),
    "json.eval_id": gettext_noop("Line %(line)s: eval_id must be an integer, found %(found)s."),
    "json.id_list": gettext_noop("Line %(line)s: %(key)s must be a list of document id strings, found %(found)s."),
    "json.missing_key": gettext_noop("Line %(line)s: missing %(key)s."),
    # Matching rows to the solution (scoring.align)
    "rows.more_than_solution": gettext_noop("The file has %(rows)s rows but the solution has %(expected)s."),
    "ids.unknown": gettext_noop("Line %(line)s: unknown %(id_name)s %(value)s."),
    "ids.unknown_more": gettext_noop(
        "Line %(line)s: unknown %(id_name)s %(value)s (%(more)s more unknown values follow)."),
    "ids.duplicate": gettext_noop("Line %(line)s: duplicate %(id_name)s %(value)s (first on line %(first_line)s)."),
    "ids.missing_one": gettext_noop("1 %(id_name)s is missing: %(listed)s."),
    "ids.missing": gettext_noop("%(count)s %(id_name)s values are missing: %(listed)s."),
    "ids.missing_first": gettext_noop(
        "%(count)s %(id_name)s values are missing (the first %(shown)s): %(listed)s."),
    # Quoted content (scoring.errors.shown)
    "value.shortened": gettext_noop("%(start)s… (%(length)s characters)"),
    # Solutions and metric settings, for hosts
    "metric.unknown": gettext_noop("Unknown metric %(key)s; known metrics: %(known)s."),
    "metric.unknown_params": gettext_noop("Unknown parameter(s) for %(metric)s: %(unknown)s; known: %(known)s."),
    "metric.positive_integer": gettext_noop("%(name)s must be a positive integer."),
    "metric.labels": gettext_noop("labels must be a non-empty list of integers."),
    "metric.labels_repeat": gettext_noop("labels must not repeat a value."),
    "metric.reference_columns": gettext_noop("reference_columns must be a non-empty list of column names."),
    "metric.allow_empty": gettext_noop("allow_empty must be true or false."),
    "metric.tokenizer_name": gettext_noop("tokenizer must be a tokenizer name or 'package.module:factory'."),
    "tokenizer.unknown": gettext_noop(
        "Unknown tokenizer %(path)s (%(reason)s); use one of %(built_in)s or 'package.module:factory'."),
    "tokenizer.no_tokenize": gettext_noop("The tokenizer from %(path)s has no tokenize(text) method."),
    "solution.empty": gettext_noop("The solution has no rows."),
    "solution.header_only": gettext_noop("The solution has a header but no rows."),
    "solution.public_fraction": gettext_noop("public_fraction must be between 0 and 1, got %(value)s."),
    "solution.usage": gettext_noop("Line %(line)s: Usage must be Public or Private, found %(value)s."),
    "solution.usage_every_line": gettext_noop('Line %(line)s: Usage must be "Public" or "Private" on every line.'),
    "solution.duplicate_id": gettext_noop("Line %(line)s: duplicate id %(value)s (first on line %(first_line)s)."),
    "solution.label_not_integer": gettext_noop("Line %(line)s: target must be an integer label, found %(value)s."),
    "solution.label_outside": gettext_noop("Line %(line)s: target %(value)s is not one of labels."),
    "solution.no_reference_columns": gettext_noop(
        "Line %(line)s: no reference columns (names starting with 'summary'); the header is '%(header)s'."),
    "solution.missing_reference_columns": gettext_noop("Line %(line)s: missing reference column(s) %(columns)s."),
    "solution.empty_reference": gettext_noop("Line %(line)s: the reference in %(column)s is empty."),
}


def part(message_id: str, **params: Any) -> dict[str, Any]:
    """One message part; ``params`` must be JSON values or parts."""
    if message_id not in MESSAGES:
        raise KeyError(f"No engine message {message_id[:80]!r}.")
    return {"id": message_id, "params": {name: _plain(value) for name, value in params.items()}}


def _plain(value: Any) -> Any:
    """numpy scalars (a label, a line) as the JSON numbers they stand for."""
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | dict | bool | None):
        return value
    if hasattr(value, "item"):
        return value.item()
    return value


def render(parts: Iterable[Mapping[str, Any]], translate: Callable[[str], str] = gettext_noop) -> str:
    """The parts as one text, each wording passed through ``translate`` (English by default), capped."""
    text = " ".join(_render_part(item, translate) for item in parts)
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + ELLIPSIS


def _render_part(item: Mapping[str, Any], translate: Callable[[str], str]) -> str:
    params = {name: _render_value(value, translate) for name, value in item["params"].items()}
    return translate(MESSAGES[item["id"]]) % params


def _render_value(value: Any, translate: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return _render_part(value, translate)
    if isinstance(value, list):
        return ", ".join(str(_render_value(item, translate)) for item in value)
    return value
