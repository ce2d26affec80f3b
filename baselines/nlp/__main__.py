"""``python -m baselines.nlp train [options]``; ``--help`` lists the options."""

from baselines.common import run_command

from . import train

if __name__ == "__main__":
    run_command({"train": train.main}, prog="python -m baselines.nlp")
