"""/healthz and /readyz: what an operator's probe sees, including a 503 that names the dependency that is down."""

import pytest
from django.conf import settings as django_settings

from config.celery_app import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_checks_every_dependency_with_its_timing(client):
    body = client.get("/readyz").json()

    assert body["status"] == "ok" and body["failed"] == []
    assert {"database", "broker", "storage"} <= set(body["checks"])
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())


def test_readyz_names_an_unreachable_broker(client, monkeypatch):
    unreachable = "redis://127.0.0.1:9/0"  # the discard port: nothing listens there
    original = celery_app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)  # Celery reads the environment before its settings
    celery_app.conf.broker_url = unreachable
    try:
        response = client.get("/readyz")
    finally:
        celery_app.conf.broker_url = original

    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert response.json()["checks"]["broker"]["error"]


def test_readyz_names_a_storage_it_cannot_write(client, settings, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("in the way")
    settings.STORAGES = {**django_settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(not_a_folder)}}}

    response = client.get("/readyz")

    assert response.status_code == 503 and response.json()["failed"] == ["storage"]
