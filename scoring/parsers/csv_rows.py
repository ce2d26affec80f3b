"""Shared CSV reading: records with line numbers, header checks, and whole solution sheets."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from gettext import gettext as _

import numpy as np

from scoring.errors import FormatError, SolutionFormatError, SubmissionFormatError, shown

FIELD_END = re.compile(r"[,\r\n]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def csv_records(
    *, text: str, error: type[FormatError] = SubmissionFormatError, long_field_hint: str = ""
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for each non-blank CSV record, the header first.

    ``line`` is where the record starts; quoted fields may span several lines.

    Args:
      text: The decoded file.
      error: The error class to raise.
      long_field_hint: Appended to the message for a field over the csv module's limit (131,072 characters),
        naming the format's own rule (e.g. the summary length).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if fields:
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(text=text, start=start, exc=exc, error=error, long_field_hint=long_field_hint) from None


def _csv_error(*, text: str, start: int, exc: csv.Error, error: type[FormatError], long_field_hint: str) -> FormatError:
    """The csv module's error reworded: it says neither where an unclosed quote opened nor what its limit is."""
    if (opened := unclosed_quote_line(text=text, record_line=start)) is not None:
        return error(
            _(
                "Line {line}: a quoted field opens here and its closing quote never comes, so the rest of the file "
                "is read as one field. Close the quote, and write a quote inside a field as two (\"\")."
            ).format(line=opened),
            line=opened,
        )
    if str(exc).startswith("field larger than field limit"):
        message = _("Line {line}: a field has more than {limit:,} characters{hint}.")
        return error(message.format(line=start, limit=csv.field_size_limit(), hint=long_field_hint), line=start)
    return error(_("Line {line}: malformed CSV ({reason}).").format(line=start, reason=exc), line=start)


def unclosed_quote_line(*, text: str, record_line: int) -> int | None:
    """The line where a quoted field opens and is never closed, in the record starting at ``record_line``.

    A quote opens a field only at the field's start (elsewhere the csv module keeps it as text); inside, two
    quotes stand for one. Runs only on the error path, jumping between quotes and separators with ``find``.
    """
    offset = _line_offset(text, record_line)
    position, at_field_start = offset, True
    while position < len(text):
        if at_field_start and text[position] == '"':
            closing = _closing_quote(text, position + 1)
            if closing < 0:
                return record_line + len(LINE_BREAK.findall(text, offset, position))
            position, at_field_start = closing + 1, False
            continue
        separator = FIELD_END.search(text, position)
        if separator is None or separator.group() != ",":
            return None  # the record ends with every quote closed
        position, at_field_start = separator.end(), True
    return None


def _closing_quote(text: str, position: int) -> int:
    while (closing := text.find('"', position)) >= 0 and text.startswith('""', closing):
        position = closing + 2
    return closing


def _line_offset(text: str, line: int) -> int:
    """Character offset of ``line`` (1-based), counting line breaks as the csv reader does."""
    offset = 0
    for _number, match in zip(range(line - 1), LINE_BREAK.finditer(text)):
        offset = match.end()
    return offset


def header_error(*, line: int, expected: str, found: list[str], hint: str = "") -> SubmissionFormatError:
    return SubmissionFormatError(
        f"Line {line}: wrong header: expected '{expected}', found {shown(','.join(found))}{hint}.", line=line
    )


def column_count_error(*, line: int, expected: int, found: int, header: str) -> SubmissionFormatError:
    return SubmissionFormatError(f"Line {line}: expected {expected} columns ({header}), found {found}.", line=line)


def column_index(*, header: list[str], name: str, error: type[FormatError]) -> int:
    try:
        return header.index(name)
    except ValueError:
        raise error(f"Line 1: missing column '{name}'; the header is {shown(','.join(header))}.", line=1) from None


@dataclass(frozen=True, eq=False)
class Sheet:
    """A whole CSV file with a header and rows of the header's width (solutions)."""

    header: list[str]
    rows: list[list[str]]
    lines: np.ndarray

    def column(self, name: str) -> list[str]:
        index = column_index(header=self.header, name=name, error=SolutionFormatError)
        return [row[index] for row in self.rows]

    def optional_column(self, name: str) -> list[str] | None:
        return self.column(name) if name in self.header else None


def read_sheet(*, text: str) -> Sheet:
    records = csv_records(text=text, error=SolutionFormatError)
    _, header = next(records)
    header = [name.strip() for name in header]
    rows, lines = [], []
    for line, fields in records:
        if len(fields) != len(header):
            raise SolutionFormatError(
                f"Line {line}: expected {len(header)} columns ({','.join(header)}), found {len(fields)}.", line=line
            )
        rows.append(fields)
        lines.append(line)
    if not rows:
        raise SolutionFormatError("The solution has a header but no rows.")
    return Sheet(header=header, rows=rows, lines=np.array(lines))
