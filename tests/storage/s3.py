"""A real S3 API on loopback for the tests: moto's server (requirements/ci-s3.txt), and a bucket per test.

`.ci/run` starts moto_server once and exports PODIUM_TEST_S3_ENDPOINT; without it (`make test` on a developer's
machine) the session starts moto_server itself from var/ci/moto-venv or .venv. When neither has it, the tests that
need S3 fail and say how to install it: a skip would let a run without S3 look like a run that tested it.
"""

import os
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.test import override_settings

from config.s3 import s3_storages

REPO_ROOT = Path(__file__).resolve().parents[2]
MOTO_SERVERS = (REPO_ROOT / "var" / "ci" / "moto-venv" / "bin" / "moto_server", REPO_ROOT / ".venv" / "bin" / "moto_server")
INSTALL_HINT = ("python3 -m venv var/ci/moto-venv && var/ci/moto-venv/bin/pip install --no-deps --require-hashes "
                "-r requirements/ci-s3.txt")
CREDENTIALS = {"PODIUM_S3_ACCESS_KEY_ID": "podium-test", "PODIUM_S3_SECRET_ACCESS_KEY": "podium-test-secret",
               "PODIUM_S3_REGION": "us-east-1"}


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2).close()
        return True
    except urllib.error.HTTPError:  # any HTTP answer means the server is up
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """The URL of an S3 API server: CI's, or a moto_server this session starts and stops."""
    if url := os.environ.get("PODIUM_TEST_S3_ENDPOINT"):
        if not _answers(url):
            pytest.fail(f"PODIUM_TEST_S3_ENDPOINT={url} does not answer.")
        yield url
        return
    binary = next((path for path in MOTO_SERVERS if path.exists()), None)
    if binary is None:
        pytest.fail(f"No S3 API server to test against: set PODIUM_TEST_S3_ENDPOINT, or install moto: {INSTALL_HINT}")
    from tests.integration.conftest import free_port

    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with log.open("wb") as handle:
        process = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)], stdout=handle, stderr=handle)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not _answers(url):
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail(f"moto_server did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@dataclass
class S3Store:
    """One test's bucket, and the environment that points a Podium process (web, worker) at it."""

    endpoint: str
    bucket: str
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.client = boto3.client("s3", endpoint_url=self.endpoint, region_name=CREDENTIALS["PODIUM_S3_REGION"],
                                   aws_access_key_id=CREDENTIALS["PODIUM_S3_ACCESS_KEY_ID"],
                                   aws_secret_access_key=CREDENTIALS["PODIUM_S3_SECRET_ACCESS_KEY"])

    def keys(self, prefix: str = "") -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def unsigned_url(self, key: str) -> str:
        return f"{self.endpoint}/{self.bucket}/{key}"


def local_files() -> set[Path]:
    """Every file under the local media and private roots: the S3 tests assert they write none there."""
    return {path for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)) if root.exists()
            for path in root.rglob("*") if path.is_file()}


@pytest.fixture
def s3_store(s3_endpoint):
    """Points this process's storages at a new bucket for one test, as PODIUM_S3_BUCKET does in production.

    The private FileFields took their storage object when the models were imported (`storage=private_storage`),
    so they are handed the bucket's one here and their own back afterwards; `default` follows the setting.
    """
    store = S3Store(endpoint=s3_endpoint, bucket=f"podium-test-{uuid.uuid4().hex[:16]}")
    store.env = {"PODIUM_S3_BUCKET": store.bucket, "PODIUM_S3_ENDPOINT_URL": s3_endpoint, **CREDENTIALS}
    store.client.create_bucket(Bucket=store.bucket)
    configured = s3_storages(bucket=store.bucket, endpoint_url=s3_endpoint, region=CREDENTIALS["PODIUM_S3_REGION"],
                             access_key=CREDENTIALS["PODIUM_S3_ACCESS_KEY_ID"],
                             secret_key=CREDENTIALS["PODIUM_S3_SECRET_ACCESS_KEY"],
                             presigned_expiry=settings.PODIUM_S3_PRESIGNED_EXPIRY_SECONDS)
    # Fields given a callable (`storage=private_storage`) called it once, at import; the others use default_storage,
    # which follows the setting by itself.
    swapped = {f: f.storage for model in apps.get_models() for f in model._meta.fields
               if isinstance(f, models.FileField) and hasattr(f, "_storage_callable")}
    with override_settings(STORAGES={**configured, "staticfiles": settings.STORAGES["staticfiles"]},
                           AWS_STORAGE_BUCKET_NAME=store.bucket):
        for file_field in swapped:
            file_field.storage = file_field._storage_callable()
        try:
            yield store
        finally:
            for file_field, own in swapped.items():
                file_field.storage = own
            for alias in ("default", "private"):  # their pooled sockets, before the garbage collector finds them
                storages[alias].connection.meta.client.close()
    store.client.close()
