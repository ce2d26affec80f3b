"""`make run`'s settings (config.settings.local) are a small real deployment; `make dev` is the explicit switch."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="localhost")
missing, static = client.get("/no-such-page/"), client.get("/static/css/podium.css")
print(json.dumps({"debug": settings.DEBUG, "status": missing.status_code, "page": missing.content.decode(),
                  "static": static.status_code, "key": settings.SECRET_KEY}))
"""

pytestmark = pytest.mark.slow


def _probe(var_dir: Path, **env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PODIUM_"))}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.local", PODIUM_VAR_DIR=str(var_dir), **env)
    result = subprocess.run([sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", PROBE], cwd=REPO_ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_wrong_url_gets_podiums_404_page_and_static_files_are_still_served(tmp_path):
    result = _probe(tmp_path)

    assert result["debug"] is False and result["status"] == 404
    # Korean, the default language of a fresh installation (PODIUM_LANGUAGE), for a browser that asks for none.
    assert "페이지가 없습니다" in result["page"] and "URLconf" not in result["page"]
    assert result["static"] == 200  # WhiteNoise, from the source folders, with DEBUG off


def test_the_secret_key_is_generated_once_private_and_reused(tmp_path):
    first, second = _probe(tmp_path), _probe(tmp_path)

    key_file = tmp_path / "secret_key"
    assert first["key"] == second["key"] == key_file.read_text().strip() and len(first["key"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert _probe(tmp_path / "elsewhere")["key"] != first["key"]  # each installation its own


def test_development_mode_is_an_explicit_switch(tmp_path):
    result = _probe(tmp_path, DJANGO_DEBUG="1")
    assert result["debug"] is True and result["status"] == 404 and "URLconf" in result["page"]
