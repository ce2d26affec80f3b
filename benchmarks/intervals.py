"""What the public score's bootstrap (interval, paired replicates, private-size replicates) adds to scoring a file.

    python -m benchmarks.intervals

Per case: Podium's parse + score of one submission, and then the bootstrap of its public rows (B = 1000, the
default), each the best of several runs in this process; the ratio is the bootstrap's share of the scoring time.
The first bootstrap of a competition also builds its resample counts (cached per worker process afterwards);
that one-off cost is printed on its own. Target: <= 50 ms added for macro F1 on 3,140 rows and ROUGE on 499 x 3.
"""

import os
import platform
import time

import numpy as np

from benchmarks.scoring import best_of, f1_case, map_case, rouge_case
from scoring.bootstrap import RESAMPLES, public_uncertainty
from scoring.cache import get_solution
from scoring.engine import score_submission


def run(case) -> tuple[str, str, float, float, float, int]:
    solution = get_solution(data=case.solution, metric_key=case.metric, params=case.params, public_fraction=0.5,
                            seed=0)
    private_rows = int((~solution.is_public).sum())

    def scored():
        return score_submission(solution=solution, data=case.submission, filename="submission.csv",
                                metric_key=case.metric, params=case.params)

    score_ms, results = best_of(scored, case.repeats)
    rows = results["public"].rows
    started = time.perf_counter()
    public_uncertainty(rows, private_rows=private_rows)  # first call: builds and caches the resample counts
    first_ms = (time.perf_counter() - started) * 1000
    bootstrap_ms, _ = best_of(lambda: public_uncertainty(rows, private_rows=private_rows), case.repeats)
    return case.metric, case.size, score_ms, bootstrap_ms, first_ms, len(rows)


def main() -> None:
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU cores, numpy {np.__version__}, "
          f"load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}; B = {RESAMPLES}")
    cases = [f1_case(n=3140), rouge_case(n=499), map_case(n=220), f1_case(n=31400), map_case(n=22000)]
    header = ("metric", "size", "public rows", "scoring ms", "bootstrap ms", "first bootstrap ms", "added")
    print(f"\n{header[0]:<9} {header[1]:<16} {header[2]:>11} {header[3]:>10} {header[4]:>12} {header[5]:>18} "
          f"{header[6]:>6}")
    for case in cases:
        metric, size, score_ms, bootstrap_ms, first_ms, rows = run(case)
        print(f"{metric:<9} {size:<16} {rows:>11,} {score_ms:>10.1f} {bootstrap_ms:>12.1f} {first_ms:>18.1f} "
              f"{bootstrap_ms / score_ms:>5.0%}")
    print(f"\nAt the end: load average {' / '.join(f'{x:.2f}' for x in os.getloadavg())}.")


if __name__ == "__main__":
    main()
