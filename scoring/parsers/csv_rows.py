"""Shared CSV reading: records with line numbers, header checks, and whole solution sheets."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from scoring.errors import FormatError, SolutionFormatError, SubmissionFormatError


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


def header_error(*, line: int, expected: str, found: list[str], hint: str = "") -> SubmissionFormatError:
    return SubmissionFormatError(
        f"Line {line}: wrong header: expected '{expected}', found '{','.join(found)}'{hint}.", line=line
    )


def column_count_error(*, line: int, expected: int, found: int, header: str) -> SubmissionFormatError:
    return SubmissionFormatError(f"Line {line}: expected {expected} columns ({header}), found {found}.", line=line)


def column_index(*, header: list[str], name: str, error: type[FormatError]) -> int:
    try:
        return header.index(name)
    except ValueError:
        raise error(f"Line 1: missing column '{name}'; the header is '{','.join(header)}'.", line=1) from None


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
