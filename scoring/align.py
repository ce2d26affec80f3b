"""Matching a submission's rows to the solution's by id, with messages that name the rows to fix."""

from itertools import repeat

import numpy as np

from scoring.errors import SubmissionFormatError, shown
from scoring.parsers import Table
from scoring.solution import Solution

SHOWN_IDS = 5


def align_rows(*, solution: Solution, table: Table, id_name: str) -> np.ndarray:
    """Row of ``table`` holding each solution id, in solution order.

    Args:
      solution: The loaded solution.
      table: The parsed submission.
      id_name: What the id column is called in messages (``ID``, ``fname``, ``eval_id``).
    Raises:
      SubmissionFormatError: For an unknown or duplicate id (naming the first and its line, after the row
        counts when the file is longer than the solution) or missing ids (how many, and up to 5 of them).
    """
    n_rows = len(solution.ids)
    if (order := _fixed_width_order(solution, table)) is not None:
        return order
    if len(table.ids) == n_rows and tuple(table.ids) == solution.ids:
        return np.arange(n_rows)
    positions = np.fromiter(map(solution.index.get, table.ids, repeat(-1)), dtype=np.int64, count=len(table.ids))
    problem = _unknown(positions, table, id_name) or _duplicate(positions, table, id_name)
    if problem:
        if len(table.ids) > n_rows:
            problem.add("rows.more_than_solution", before=True, rows=f"{len(table.ids):,}", expected=f"{n_rows:,}")
        raise problem
    if len(table.ids) < n_rows:
        raise _missing(positions, solution, id_name)
    order = np.empty(n_rows, dtype=np.int64)
    order[positions] = np.arange(n_rows)
    return order


def _fixed_width_order(solution: Solution, table: Table) -> np.ndarray | None:
    """The order by array operations when every id matches exactly once; None sends the file to the dict path,
    which also names whatever is wrong."""
    if solution.fixed_ids is None or table.id_words is None or len(table.ids) != len(solution.ids):
        return None
    positions = solution.fixed_ids.positions(table.id_words)
    if positions is None:
        return None
    order = np.empty(len(positions), dtype=np.int64)
    order[positions] = np.arange(len(positions))
    return order


def _unknown(positions: np.ndarray, table: Table, id_name: str) -> SubmissionFormatError | None:
    unknown = np.flatnonzero(positions < 0)
    if not unknown.size:
        return None
    first, line = unknown[0], int(table.lines[unknown[0]])
    value = shown(table.ids[first])
    if unknown.size > 1:
        return SubmissionFormatError("ids.unknown_more", line=line, id_name=id_name, value=value,
                                     more=f"{unknown.size - 1:,}")
    return SubmissionFormatError("ids.unknown", line=line, id_name=id_name, value=value)


def _duplicate(positions: np.ndarray, table: Table, id_name: str) -> SubmissionFormatError | None:
    order = np.argsort(positions, kind="stable")
    repeated = positions[order[1:]] == positions[order[:-1]]
    if not repeated.any():
        return None
    second = order[1:][repeated].min()
    first = np.flatnonzero(positions == positions[second])[0]
    line = int(table.lines[second])
    return SubmissionFormatError("ids.duplicate", line=line, id_name=id_name, value=shown(table.ids[second]),
                                 first_line=int(table.lines[first]))


def _missing(positions: np.ndarray, solution: Solution, id_name: str) -> SubmissionFormatError:
    missing = np.flatnonzero(np.bincount(positions, minlength=len(solution.ids)) == 0)
    listed = [shown(solution.ids[i]) for i in missing[:SHOWN_IDS]]
    if missing.size == 1:
        return SubmissionFormatError("ids.missing_one", id_name=id_name, listed=listed)
    if missing.size <= SHOWN_IDS:
        return SubmissionFormatError("ids.missing", count=f"{missing.size:,}", id_name=id_name, listed=listed)
    return SubmissionFormatError("ids.missing_first", count=f"{missing.size:,}", id_name=id_name, listed=listed,
                                 shown=SHOWN_IDS)
