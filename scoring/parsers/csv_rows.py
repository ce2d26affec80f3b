"""Shared CSV reading: records with line numbers, header checks and column lookup."""

import csv
import io
from collections.abc import Iterator

from scoring.errors import FormatError, SubmissionFormatError


def csv_records(*, text: str, error: type[FormatError] = SubmissionFormatError) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for each non-blank CSV record, the header first.

    ``line`` is where the record starts; quoted fields may span several lines.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for fields in reader:
            if fields:
                yield start, fields
            start = reader.line_num + 1
    except csv.Error as exc:
        raise error(f"Line {start}: malformed CSV ({exc}).", line=start) from None


def header_error(*, expected: str, found: list[str], error: type[FormatError] = SubmissionFormatError) -> FormatError:
    return error(f"Line 1: wrong header: expected '{expected}', found '{','.join(found)}'.", line=1)


def column_count_error(*, line: int, expected: int, found: int, header: str) -> SubmissionFormatError:
    return SubmissionFormatError(
        f"Line {line}: expected {expected} columns ({header}), found {found}.", line=line
    )


def column_index(*, header: list[str], name: str, error: type[FormatError]) -> int:
    try:
        return header.index(name)
    except ValueError:
        raise error(f"Line 1: missing column '{name}'; the header is '{','.join(header)}'.", line=1) from None
