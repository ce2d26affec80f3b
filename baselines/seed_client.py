"""Seeds a Podium instance with the baselines' rows, from the baselines' side, through Podium's own commands.

    python -m baselines.seed_client trivial --bundles var/demo_bundles   # the trivial rows (what `make run` does)
    python -m baselines.seed_client reference-key                         # the API key `make baselines` submits with

The platform never imports this package: the demo competitions arrive as bundles (``python -m baselines.demo_data
--out DIR``, loaded by ``manage.py seed_demo --bundles DIR``), and each trivial file is submitted with ``manage.py
submit_baseline``, which validates, counts and scores it like any upload.
"""

import argparse
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from baselines.demo_data import SLUGS
from baselines.trivial import TRIVIAL

MANAGE_PY = Path(__file__).resolve().parents[1] / "manage.py"
TRIVIAL_USER = "baseline-bot"
TRIVIAL_TEAMS = {"cv": "Trivial baseline: all zeros", "nlp": "Trivial baseline: first 2 turns",
                 "ir": "Trivial baseline: BM25, no rewriting"}
REFERENCE_TEAMS = {"cv": "Reference baseline: EfficientNet-Lite0, K-fold + TTA",
                   "nlp": "Reference baseline: BART from scratch",
                   "ir": "Reference baseline: hybrid BM25 + dense retrieval"}

Manage = Callable[[list[str]], str]  # runs `manage.py ARGS`, returns its standard output


def run_manage(args: list[str]) -> str:
    done = subprocess.run([sys.executable, str(MANAGE_PY), *args], check=True, capture_output=True, text=True)
    return done.stdout


def submit_trivial(*, bundles: Path, manage: Manage = run_manage) -> list[str]:
    """Builds each generated competition's trivial submission and submits it once as its baseline team.

    Returns:
      What ``submit_baseline`` said for each competition (submitted, or already submitted).
    """
    reports = []
    with tempfile.TemporaryDirectory() as scratch:
        for kind, slug in SLUGS.items():
            bundle = Path(bundles) / slug
            if not (bundle / "competition.yaml").is_file():
                continue
            filename, build = TRIVIAL[kind]
            path = Path(scratch) / filename
            path.write_bytes(build(bundle))
            reports.append(manage(["submit_baseline", slug, str(path), "--team", TRIVIAL_TEAMS[kind],
                                   "--user", TRIVIAL_USER,
                                   "--description", f"{TRIVIAL_TEAMS[kind]} (baselines/trivial.py)"]))
    return reports


def reference_key(*, manage: Manage = run_manage) -> str:
    """The reference bot's API key, its baseline team in each reference competition made on the way."""
    teams = [argument for kind, slug in SLUGS.items() for argument in ("--team", f"{slug}={REFERENCE_TEAMS[kind]}")]
    return manage(["reference_bot", *teams]).strip()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m baselines.seed_client", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    trivial = commands.add_parser("trivial", help="submit the trivial baselines of the generated competitions")
    trivial.add_argument("--bundles", type=Path, required=True, help="the folder `baselines.demo_data` wrote")
    commands.add_parser("reference-key", help="print the API key the trained baselines are submitted with")
    args = parser.parse_args(argv)
    try:
        if args.command == "trivial":
            for report in submit_trivial(bundles=args.bundles):
                print(report, end="")
        else:
            print(reference_key())
    except subprocess.CalledProcessError as error:
        sys.exit(error.stderr.strip() or str(error))


if __name__ == "__main__":
    main()
