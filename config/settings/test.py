"""Test settings: fast hashing, in-memory e-mail, throwaway file roots. DATABASE_URL still decides the database."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

_TMP = Path(tempfile.mkdtemp(prefix="podium-test-"))
MEDIA_ROOT = _TMP / "media"
PRIVATE_ROOT = _TMP / "private"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": "/private-not-served/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
