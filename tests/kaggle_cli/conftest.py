"""The official kaggle CLI, unmodified, in its own virtualenv (`make test` creates it), against a live gunicorn."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ..integration.conftest import database_url, free_port

REPO_ROOT = Path(__file__).resolve().parents[2]
KAGGLE2 = REPO_ROOT / ".venv-kaggle2" / "bin" / "kaggle"
KAGGLE16 = REPO_ROOT / ".venv-kaggle16" / "bin" / "kaggle"


@pytest.fixture
def podium_server(transactional_db, tmp_path):
    """gunicorn (which accepts the absolute-form request lines HTTP_PROXY produces) on the test database; Celery
    runs eagerly inside it, so a submission is scored by the time the upload's transaction commits."""
    for cli in (KAGGLE2, KAGGLE16):
        if not cli.exists():
            pytest.fail(f"{cli} is missing: `make test` installs the kaggle CLI there (make kaggle-clients).")
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url(),
           "PODIUM_TEST_CELERY_EAGER": "true"}
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
                               f"127.0.0.1:{port}", "--workers", "2", "--timeout", "60"],
                              cwd=REPO_ROOT, env=env, stdout=log, stderr=log)
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/competitions/", timeout=2).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture
def kaggle(podium_server, tmp_path):
    """Runs `kaggle ARGS...` as a user would, pointed at Podium through HTTP_PROXY; returns (exit code, output)."""

    def run(*args: str, username: str = "", key: str = "", token: str = "", legacy: bool = False,
            cwd: Path | None = None) -> tuple[int, str]:
        env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONWARNINGS": "ignore"}
        if token:
            env["KAGGLE_API_TOKEN"] = token
        else:
            env.update(KAGGLE_USERNAME=username, KAGGLE_KEY=key)
        if legacy:  # 1.6.x honours an endpoint setting and speaks the REST path family
            env["KAGGLE_API_ENDPOINT"] = podium_server
        else:  # 2.x always calls http://localhost; HTTP_PROXY routes it to Podium in absolute form
            env.update(KAGGLE_API_ENVIRONMENT="LOCALHOST", HTTP_PROXY=podium_server, NO_PROXY="")
        executable = KAGGLE16 if legacy else KAGGLE2
        result = subprocess.run([str(executable), *args], cwd=cwd or tmp_path, env=env, capture_output=True,
                                text=True, timeout=120)
        return result.returncode, result.stdout + result.stderr

    return run
