"""``python -m baselines.ir run [options]`` and ``python -m baselines.ir tune``; ``--help`` lists the options."""

from baselines.common import run_command

from . import run, tune

if __name__ == "__main__":
    run_command({"run": run.main, "tune": tune.main}, prog="python -m baselines.ir")
