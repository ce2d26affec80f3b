"""`make run`: a small real deployment on one machine, with DEBUG off (the project's own error pages, no URL list
to strangers) and a secret key of its own. `make dev` (or DJANGO_DEBUG=1) turns on Django's debug pages."""

import os
import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, PODIUM_DOMAIN, STORAGES, VAR_DIR, env


def secret_key_file(path: Path) -> str:
    """The key in `path`, generated on first use (mode 0600) and reused afterwards, so that sessions and reset
    links survive restarts and no two installations share a key. Web, worker and beat start together: the key is
    written to a private temporary file and linked into place, so exactly one process's key wins, whole."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mkstemp: mode 0600
        try:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(get_random_secret_key())
            os.link(draft, path)
        except FileExistsError:
            pass  # another process got there first: use its key
        finally:
            os.unlink(draft)
    return path.read_text().strip()


DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or secret_key_file(VAR_DIR / "secret_key")
# The site's own host name answers too (PODIUM_DOMAIN without its port), e.g. a LAN name in PODIUM_DOMAIN.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, PODIUM_DOMAIN.rsplit(":", 1)[0]]

# Serve static files from their source folders (no collectstatic needed) with WhiteNoise under gunicorn. WhiteNoise
# indexes them at start-up whatever DEBUG says; only re-scanning on every request is a debug-mode luxury.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
