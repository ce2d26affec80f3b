"""A per-process LRU of loaded solutions, so a worker parses and tokenizes each solution once."""

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable

from scoring.solution import Solution, load_solution

MAX_SOLUTIONS = 8

_solutions: OrderedDict[tuple, Solution] = OrderedDict()
_lock = threading.Lock()


def get_solution(
    *,
    metric_key: str,
    params: dict,
    public_fraction: float,
    seed: int,
    data: bytes | None = None,
    sha256: str | None = None,
    read: Callable[[], bytes] | None = None,
) -> Solution:
    """`load_solution`, memoized on sha256(data), metric, params, public_fraction and seed.

    Give `data`, or the file's known `sha256` with a `read` callable: then the file is read only on a miss
    (a stored solution's hash is known, so validating an upload costs no solution read at all).
    """
    if data is None and (sha256 is None or read is None):
        raise ValueError("get_solution needs data, or sha256 together with read.")
    key = (
        sha256 or hashlib.sha256(data).hexdigest(),
        metric_key,
        json.dumps(params, sort_keys=True, default=repr),
        public_fraction,
        seed,
    )
    with _lock:
        if key in _solutions:
            _solutions.move_to_end(key)
            return _solutions[key]
    solution = load_solution(
        data=data if data is not None else read(), metric_key=metric_key, params=params, public_fraction=public_fraction, seed=seed
    )
    with _lock:
        solution = _solutions.setdefault(key, solution)
        while len(_solutions) > MAX_SOLUTIONS:
            _solutions.popitem(last=False)
    return solution
