"""``python -m baselines.cv train|sweep [options]``; ``--help`` after the command lists its options."""

from baselines.common import run_command

from . import sweep, train

if __name__ == "__main__":
    run_command({"train": train.main, "sweep": sweep.main}, prog="python -m baselines.cv")
