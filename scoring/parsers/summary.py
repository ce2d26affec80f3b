"""CSV submissions with header ``fname,summary``, or ``,fname,summary`` with an unnamed index column first
(the bootcamp's sample_submission.csv), for ROUGE.

Example::

    ,fname,summary
    0,test_0,"#Person1#은 #Person2#에게 ..."
"""

import numpy as np

from scoring.errors import SubmissionFormatError, shown
from scoring.parsers import Table
from scoring.parsers.csv_rows import column_count_error, csv_records, header_error

HEADERS = (["fname", "summary"], ["", "fname", "summary"])


def parse_summaries(*, text: str, allow_empty: bool, max_chars: int) -> Table:
    """Read one summary per fname.

    Args:
      text: The decoded file.
      allow_empty: Whether a blank summary is accepted (it then scores 0).
      max_chars: Longest summary accepted, which bounds tokenizer time.
    """
    records = csv_records(text=text, long_field=("csv.summary_too_long", {"max_chars": f"{max_chars:,}"}))
    header_line, header = next(records)
    width = _check_header(header, line=header_line)
    ids, summaries, lines = [], [], []
    for line, fields in records:
        if len(fields) != width:
            raise column_count_error(line=line, expected=width, found=len(fields), header=",".join(header))
        fname, summary = fields[-2:]
        _check_summary(summary, fname=fname, line=line, allow_empty=allow_empty, max_chars=max_chars)
        ids.append(fname)
        summaries.append(summary)
        lines.append(line)
    if not ids:
        raise SubmissionFormatError("file.header_only")
    return Table(ids=ids, values=summaries, lines=np.array(lines))


def _check_header(header: list[str], *, line: int) -> int:
    names = [name.strip() for name in header]
    if names not in HEADERS:
        raise header_error(line=line, found=header, message_id="header.wrong_summary")
    return len(names)


def _check_summary(summary: str, *, fname: str, line: int, allow_empty: bool, max_chars: int) -> None:
    if not allow_empty and not summary.strip():
        raise SubmissionFormatError("summary.empty", line=line, fname=shown(fname))
    if len(summary) > max_chars:
        raise SubmissionFormatError("summary.too_long", line=line, fname=shown(fname), length=f"{len(summary):,}",
                                    limit=f"{max_chars:,}")
