"""Production smoke run: what requirements/production.txt alone installs must serve web, worker and beat.

CI runs this with the Python of a fresh virtualenv that has only requirements/production.txt, once with Redis and
once with RabbitMQ:

    var/ci/prod-venv/bin/python scripts/smoke_production.py --broker redis://127.0.0.1:6379/14 \
        --database postgres://postgres@127.0.0.1:5432/podium_smoke

It migrates, collects static files, loads the playground bundle, starts gunicorn, a Celery worker and Celery beat
as separate processes with the production settings, then uploads through the REST API and waits for the score on
the leaderboard. Standard library only, so that nothing outside production.txt sneaks in.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "competitions" / "demo_bundles" / "playground"
SLUG = "playground-weather"
MAKE_USERS = """
from django.contrib.auth.models import User
from accounts.services import api_key_get_or_create
User.objects.create_user("host", password=None)
print(api_key_get_or_create(user=User.objects.create_user("smoke", password=None)).key)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--broker", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="podium-smoke-"))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DATABASE_URL": args.database,
           "CELERY_BROKER_URL": args.broker, "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
           "PODIUM_VAR_DIR": str(var), "DJANGO_SECURE_SSL_REDIRECT": "False", "PODIUM_WATCHDOG_SECONDS": "2"}
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=REPO, env=env, check=True)
    key = subprocess.run([python, "manage.py", "shell", "-c", MAKE_USERS], cwd=REPO, env=env, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    subprocess.run([python, "manage.py", "load_competition", str(BUNDLE)], cwd=REPO, env=env, check=True)
    bin_dir = Path(python).parent
    processes = {
        "web": [str(bin_dir / "gunicorn"), "-c", "config/gunicorn_conf.py", "config.wsgi:application",
                "--bind", f"127.0.0.1:{args.port}"],
        "worker": [str(bin_dir / "celery"), "-A", "config", "worker", "--loglevel=WARNING", "--concurrency=1"],
        "beat": [str(bin_dir / "celery"), "-A", "config", "beat", "--loglevel=WARNING",
                 f"--schedule={var / 'celerybeat-schedule'}"],
    }
    running = {name: subprocess.Popen(command, cwd=REPO, env=env) for name, command in processes.items()}
    try:
        return scenario(f"http://127.0.0.1:{args.port}", key, running)
    finally:
        for process in running.values():
            process.terminate()
        for process in running.values():
            process.wait(timeout=30)


def scenario(base: str, key: str, running: dict) -> int:
    wait(lambda: call(base, "GET", "/api/v1/competitions/", key), what="the web server", running=running)
    call(base, "POST", f"/api/v1/competitions/{SLUG}/rules/accept/", key)
    sample = (BUNDLE / "data" / "sample_submission.csv").read_bytes()
    submission = call(base, "POST", f"/api/v1/competitions/{SLUG}/submissions/", key, upload=sample)
    scored = wait(lambda: scored_submission(base, key, submission["id"]), what="the score", running=running)
    board = call(base, "GET", f"/api/v1/competitions/{SLUG}/leaderboard/?split=public", key)
    teams = json.dumps(board)
    assert "smoke" in teams, f"the team is not on the public board: {teams[:500]}"
    print(f"Production smoke run: uploaded, scored {scored['public_score']:.4f} (public) by the worker, "
          f"on the board; web, worker and beat from requirements/production.txt alone.")
    return 0


def scored_submission(base: str, key: str, submission_id: str):
    submission = call(base, "GET", f"/api/v1/submissions/{submission_id}/", key)
    if submission["status"] in ("failed", "error"):
        raise SystemExit(f"the submission was not scored: {submission}")
    return submission if submission["status"] == "scored" else None


def call(base: str, method: str, path: str, key: str, upload: bytes | None = None):
    headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
    body = None
    if upload is not None:
        boundary = secrets.token_hex(16)
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"submission.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + upload + f"\r\n--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    request = urllib.request.Request(base + path, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path}: HTTP {error.code}: {error.read()[:1000]!r}") from None


def wait(probe, *, what: str, running: dict, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in running.items():
            if process.poll() is not None:
                raise SystemExit(f"the {name} process exited with status {process.returncode}")
        try:
            if result := probe():
                return result
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


if __name__ == "__main__":
    sys.exit(main())
