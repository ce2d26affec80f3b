"""A real Celery worker process, on the same database, files and broker as the test process."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery_app import app as celery_app

REPO_ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery worker` in its own process group, so that `kill()` is a real kill -9 of the worker and its pool."""

    def __init__(self, log_path: Path, **env: str):
        self.log_path, self.env, self.process = log_path, env, None

    def start(self) -> "Worker":
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
                       "DATABASE_URL": database_url(), "PODIUM_TEST_CELERY_EAGER": "false", **self.env}
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1",
                   "--pool=prefork", "--without-mingle", "--without-gossip", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
                   "--hostname", f"test-{time.monotonic_ns()}@%h"]
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=log,
                                            start_new_session=True)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def real_broker():
    """Send tasks to the broker for real (the unit tests run them eagerly)."""
    celery_app.conf.task_always_eager = False
    yield celery_app
    celery_app.conf.task_always_eager = True


@pytest.fixture
def start_worker(real_broker, tmp_path, transactional_db):
    workers = []

    def start(**env) -> Worker:
        worker = Worker(tmp_path / f"worker{len(workers)}.log", **env).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def wait_for(predicate, *, timeout: float, what: str, worker: Worker | None = None, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    log = worker.log()[-4000:] if worker else ""
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.\n--- worker log ---\n{log}")
