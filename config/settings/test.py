"""Test settings: fast hashing, in-memory e-mail, throwaway file roots. DATABASE_URL still decides the database.

The throwaway folder is shared through PODIUM_TEST_TMP, so that a real Celery worker started by the integration
tests (a subprocess with these settings) reads the same files and the same SQLite database as the test process.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import (AWS_STORAGE_BUCKET_NAME, CELERY_BROKER_URL, DATABASES, FILESYSTEM_BROKER_POLLING_INTERVAL,
                   STORAGES, env)

_STORAGES_AS_CONFIGURED = STORAGES

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Most tests read English text; the Korean default (PODIUM_LANGUAGE) is tested where languages are the subject.
LANGUAGE_CODE = env("PODIUM_TEST_LANGUAGE", default="en")
# Likewise UTC, so that times read as stored; tests of the viewer's zone set an account's zone or this setting.
PODIUM_TIME_ZONE = env("PODIUM_TEST_TIME_ZONE", default="UTC")

_TMP = Path(os.environ.setdefault("PODIUM_TEST_TMP", tempfile.mkdtemp(prefix="podium-test-")))
VAR_DIR = _TMP / "var"  # generated demo bundles and other runtime files stay out of the repository
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
if AWS_STORAGE_BUCKET_NAME:  # the processes the S3 tests start (tests/storage/s3.py) keep the bucket for both
    STORAGES["private"] = _STORAGES_AS_CONFIGURED["private"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not SQLite's in-memory default, so that a worker process can open the test database too.
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_TMP / "broker" / "queue"),
        "data_folder_out": str(_TMP / "broker" / "queue"),
        "control_folder": str(_TMP / "broker" / "control"),
        "store_processed": False,
        "polling_interval": FILESYSTEM_BROKER_POLLING_INTERVAL,
    }
# Each test run gets its own queue, so that runs sharing a Redis never take each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.setdefault("PODIUM_TEST_QUEUE", f"podium-test-{os.getpid()}")
# Eager in the test process; the real worker the integration tests start sets PODIUM_TEST_CELERY_EAGER=false.
CELERY_TASK_ALWAYS_EAGER = env.bool("PODIUM_TEST_CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
PODIUM_SCORING_RETRY_SECONDS = 0
