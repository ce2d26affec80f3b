import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="config.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.slow
def test_production_passes_the_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING",
                     DJANGO_SETTINGS_MODULE="config.settings.production",
                     DJANGO_SECRET_KEY="a-long-random-production-key-4f8a9c2e7b1d6f3a0e5c8b2d9f7a1c4e6b3d8f0a",
                     DJANGO_ALLOWED_HOSTS="podium.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_sqlite_default_uses_wal_and_immediate_transactions(tmp_path):
    probe = ("from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
             "print(c.fetchone()[0], connection.transaction_mode)")
    result = _manage("shell", "--verbosity", "0", "-c", probe, DJANGO_SETTINGS_MODULE="config.settings.local",
                     PODIUM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["wal", "IMMEDIATE"]
