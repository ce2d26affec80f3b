"""A real Celery worker process, on the same database, files and broker as the test process."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from competitions.services import data_file_add, rules_accept, solution_set
from config.celery_app import app as celery_app

from ..factories import CompetitionFactory, UserFactory

REPO_ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Service:
    """A real process in its own process group, so that `kill()` is a real kill -9 of it and its children."""

    cwd = REPO_ROOT  # a node of its own (test_multinode.py) runs in an empty folder of its own

    def __init__(self, command: list[str], log_path: Path, **env: str):
        self.command, self.log_path, self.env, self.process = command, log_path, env, None

    def start(self) -> "Service":
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
                       "DATABASE_URL": database_url(), "PODIUM_TEST_CELERY_EAGER": "false", **self.env}
        with self.log_path.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=environment, stdout=log, stderr=log,
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


class Worker(Service):
    """`celery worker` on the test run's own queue."""

    def __init__(self, log_path: Path, **env: str):
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=1",
                   "--pool=prefork", "--without-mingle", "--without-gossip", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE,
                   "--hostname", f"test-{time.monotonic_ns()}@%h"]
        super().__init__(command, log_path, **env)


class Beat(Service):
    """`celery beat`, its own process as in `make run` and compose: it runs the watchdog."""

    def __init__(self, log_path: Path, **env: str):
        command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
                   "--schedule", str(log_path.with_suffix(".schedule"))]
        super().__init__(command, log_path, **env)


class WebServer(Service):
    """gunicorn as `make run` and the Docker image start it (config/gunicorn_conf.py) on a free port."""

    def __init__(self, log_path: Path, **env: str):
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-c", str(REPO_ROOT / "config" / "gunicorn_conf.py"),
                   "config.wsgi:application",
                   "--bind", f"127.0.0.1:{self.port}"]
        super().__init__(command, log_path, **env)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "WebServer":
        super().start()
        wait_for(self._answers, timeout=30, what="gunicorn to answer", worker=self)
        return self

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.url}/api/v1/competitions/", timeout=2).close()
            return True
        except OSError:
            return False


class RedisServer:
    """A Redis of the test's own (nothing on disk), so that a test can stop the broker and start it again."""

    def __init__(self, directory: Path):
        self.port, self.directory, self.process = free_port(), directory, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no", "--dir", str(self.directory)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, timeout=15, what="redis-server to answer")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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


@pytest.fixture
def start_service(real_broker, tmp_path, transactional_db):
    """Starts Service subclasses (Worker, Beat, WebServer) and stops them all after the test."""
    services = []

    def start(kind: type, **env) -> Service:
        service = kind(tmp_path / f"{kind.__name__.lower()}{len(services)}.log", **env).start()
        services.append(service)
        return service

    yield start
    for service in reversed(services):
        service.stop()


def wait_for(predicate, *, timeout: float, what: str, worker: Service | None = None, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    log = worker.log()[-4000:] if worker else ""
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.\n--- process log ---\n{log}")


PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"
SUMMARY_ROWS = 60  # with the slow tokenizer: ~1.2 s per solution load and per scoring


@pytest.fixture
def participant(transactional_db, classification, slow_summaries):
    user = UserFactory(username="participant")
    rules_accept(competition=classification, user=user)
    rules_accept(competition=slow_summaries, user=user)
    return user


@pytest.fixture
def classification(transactional_db):
    competition = CompetitionFactory(slug="tiny")
    solution_set(competition=competition, content=b"ID,target,Usage\na,0,Public\nb,1,Private\nc,2,Public\nd,1,Private\n")
    return competition


@pytest.fixture
def slow_summaries(transactional_db):
    return slow_summaries_competition(slug="slow", rows=SUMMARY_ROWS)


def slow_summaries_competition(*, slug: str, rows: int):
    """A ROUGE competition whose tokenizer sleeps 20 ms a text: scoring takes about 40 ms × rows."""
    competition = CompetitionFactory(slug=slug, metric_key="rouge",
                                     metric_params={"tokenizer": "tests.integration.slow_tokenizer:factory"})
    lines = ["fname,summary1,Usage"] + [f"d{i},the quick brown fox {i},{'Public' if i % 2 else 'Private'}"
                                        for i in range(rows)]
    solution_set(competition=competition, content="\n".join(lines).encode())
    data_file_add(competition=competition, name="test.csv", content=b"fname\n")
    return competition


def summaries_upload(rows: int = SUMMARY_ROWS) -> bytes:
    return ("fname,summary\n" + "".join(f"d{i},the quick fox {i}\n" for i in range(rows))).encode()
