"""``python -m baselines.demo_data --out DIR --seed N [--size small|full] [--only cv nlp ir]``."""

import argparse
import time
from pathlib import Path

from . import GENERATORS, SIZES, generate


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m baselines.demo_data", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="folder that receives one sub-folder per competition")
    parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same files")
    parser.add_argument("--size", choices=SIZES, default="small",
                        help="small: runs on 2 CPU cores in minutes; full: the bootcamp's sizes")
    parser.add_argument("--only", nargs="+", choices=GENERATORS, default=list(GENERATORS),
                        help="generate only these competitions")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    for kind in args.only:
        started = time.perf_counter()
        folder = generate(kind, out=args.out, seed=args.seed, size=args.size)
        print(f"{kind}: {folder} ({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
