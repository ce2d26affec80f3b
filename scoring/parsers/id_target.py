"""CSV submissions with header ``ID,target``: one row per id and an integer class label (macro F1).

Example::

    ID,target
    002f99746285dfdd.jpg,3

A bulk path parses plain files (no quotes, no blank lines, exactly one comma per line, labels of plain
digits) with array operations on the bytes; anything else goes through the strict `csv` path, which is the
reference and names the line to fix. A label is ASCII digits with an optional sign and surrounding blanks, what
pandas reads as an integer: Python's ``int()`` would also take ``1_0``, ``٣`` and ``３``. The bulk path
gives up rather than differ, so both read every file the same way.
"""

import re

import numpy as np

from scoring.errors import SubmissionFormatError, shown
from scoring.fixed_ids import MAX_WIDTH, id_words
from scoring.parsers import LazyIds, Table
from scoring.parsers.csv_rows import column_count_error, csv_records, header_error

HEADER = "ID,target"
INT64_LIMIT = 2**63
MAX_FAST_DIGITS = 18
NEWLINE, COMMA, CARRIAGE_RETURN = ord("\n"), ord(","), ord("\r")
MAX_LABEL_CHARS = 40
INTEGER_LABEL = re.compile(r"[ \t]*[+-]?[0-9]+[ \t]*")


def parse_id_target(*, text: str) -> Table:
    return _parse_fast(text) or _parse_strict(text)


def _parse_fast(text: str) -> Table | None:
    """Parse a plain file with array operations on its bytes; None sends it to the strict path."""
    header, _, body = text.partition("\n")
    if header.rstrip("\r") != HEADER or '"' in body:
        return None
    raw = np.frombuffer(body.encode(), dtype=np.uint8)
    ends = np.flatnonzero(raw == NEWLINE)
    if not body.endswith("\n"):
        ends = np.append(ends, raw.size)
    starts = np.concatenate(([0], ends[:-1] + 1))
    commas = np.flatnonzero(raw == COMMA)
    if commas.size != ends.size or np.any(commas < starts) or np.any(commas >= ends):
        return None  # a line without exactly one comma
    targets = _digits(raw, starts=commas + 1, ends=ends - (raw[ends - 1] == CARRIAGE_RETURN))
    if targets is None:
        return None
    ids = LazyIds(lambda: body.replace("\n", ",").split(",")[0 : 2 * ends.size : 2], ends.size)
    return Table(ids=ids, values=targets, lines=np.arange(2, ends.size + 2), id_words=_id_words(raw, starts, commas))


def _id_words(raw: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """The id bytes as words when every id has one width (see `scoring.fixed_ids`)."""
    widths = ends - starts
    width = int(widths[0])
    if not 0 < width <= MAX_WIDTH or np.any(widths != width):
        return None
    matrix = np.empty((starts.size, width), dtype=np.uint8)
    for column in range(width):  # column by column: a 2-D fancy index would build an n x width int64 array
        matrix[:, column] = raw[starts + column]
    return id_words(matrix)


def _digits(raw: np.ndarray, *, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """The decimal numbers in raw[start:end], or None unless every span is 1 to 18 ASCII digits."""
    lengths = ends - starts
    if lengths.min() < 1 or lengths.max() > MAX_FAST_DIGITS:
        return None
    values = np.zeros(lengths.size, dtype=np.int64)
    for offset in range(int(lengths.max())):
        present = lengths > offset
        digit = raw[np.where(present, starts + offset, 0)].astype(np.int64) - ord("0")
        if np.any(present & ((digit < 0) | (digit > 9))):
            return None
        values = np.where(present, values * 10 + digit, values)
    return values


def _parse_strict(text: str) -> Table:
    records = csv_records(text=text)
    header_line, header = next(records)
    _check_header(header, line=header_line)
    ids, targets, lines = [], [], []
    for line, fields in records:
        if len(fields) != 2:
            raise column_count_error(line=line, expected=2, found=len(fields), header=HEADER)
        ids.append(fields[0])
        targets.append(_label(fields[1], line))
        lines.append(line)
    if not ids:
        raise SubmissionFormatError("file.header_only")
    return Table(ids=ids, values=np.array(targets, dtype=np.int64), lines=np.array(lines))


def _check_header(header: list[str], *, line: int) -> None:
    names = [name.strip() for name in header]
    if names != HEADER.split(","):
        message_id = "header.index_column" if names == ["", "ID", "target"] else "header.wrong"
        raise header_error(line=line, expected=HEADER, found=header, message_id=message_id)


def integer_label(field: str) -> int | None:
    """The label ``field`` holds, or None unless it is an int64 written in ASCII digits (see the module doc)."""
    # int() refuses over 4,300 digits with its own error; anything past int64 is refused below anyway
    if len(field) > MAX_LABEL_CHARS or not INTEGER_LABEL.fullmatch(field):
        return None
    value = int(field)
    return value if -INT64_LIMIT <= value < INT64_LIMIT else None


def _label(field: str, line: int) -> int:
    value = integer_label(field)
    if value is None:
        raise SubmissionFormatError("label.not_integer", line=line, value=shown(field))
    return value
