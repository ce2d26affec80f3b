"""Developer defaults: `make run` uses these. Never use them on a server reachable by others."""

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-key-not-secret-9f2c7e1a4b6d8e0f3a5c7b9d1e")

# Serve static files from their source folders (no collectstatic needed) with WhiteNoise under gunicorn.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
