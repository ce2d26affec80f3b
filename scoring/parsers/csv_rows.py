"""Shared CSV reading: records with line numbers, header checks, and whole solution sheets."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from scoring.errors import FormatError, SolutionFormatError, SubmissionFormatError, shown

FIELD_END = re.compile(r"[,\r\n]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
LONG_FIELD = ("csv.field_too_long", {})


def csv_records(
    *, text: str, error: type[FormatError] = SubmissionFormatError, long_field: tuple[str, dict] = LONG_FIELD
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for each non-blank CSV record, the header first.

    ``line`` is where the record starts; quoted fields may span several lines.

    Args:
      text: The decoded file.
      error: The error class to raise.
      long_field: The message id and extra parameters for a field over the csv module's limit (131,072
        characters), which may name the format's own rule (e.g. the summary length).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if fields:
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _csv_error(text=text, start=start, exc=exc, error=error, long_field=long_field) from None


def _csv_error(
    *, text: str, start: int, exc: csv.Error, error: type[FormatError], long_field: tuple[str, dict]
) -> FormatError:
    """The csv module's error reworded: it says neither where an unclosed quote opened nor what its limit is."""
    if (opened := unclosed_quote_line(text=text, record_line=start)) is not None:
        return error("csv.unclosed_quote", line=opened)
    if str(exc).startswith("field larger than field limit"):
        message_id, params = long_field
        return error(message_id, line=start, limit=f"{csv.field_size_limit():,}", **params)
    return error("csv.malformed", line=start, reason=str(exc))


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


def header_error(*, line: int, found: list[str], message_id: str = "header.wrong", **params) -> SubmissionFormatError:
    return SubmissionFormatError(message_id, line=line, found=shown(",".join(found)), **params)


def column_count_error(
    *, line: int, expected: int, found: int, header: str, error: type[FormatError] = SubmissionFormatError
) -> FormatError:
    return error("columns.count", line=line, expected=expected, found=found, header=header)


def column_index(*, header: list[str], name: str, error: type[FormatError]) -> int:
    try:
        return header.index(name)
    except ValueError:
        raise error("columns.missing", line=1, name=name, header=shown(",".join(header))) from None


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
            raise column_count_error(line=line, expected=len(header), found=len(fields), header=",".join(header),
                                     error=SolutionFormatError)
        rows.append(fields)
        lines.append(line)
    if not rows:
        raise SolutionFormatError("solution.header_only")
    return Sheet(header=header, rows=rows, lines=np.array(lines))
