"""``python -m baselines.ir run [options]``; ``--help`` lists the options."""

from baselines.common import run_command

from . import run

if __name__ == "__main__":
    run_command({"run": run.main}, prog="python -m baselines.ir")
