"""Health endpoints for operators and orchestrators: /healthz says the process answers; /readyz checks every
service a request or an upload needs (database, broker, private storage, and search when configured) and answers
503 naming the ones that failed, with how long each check took."""

import time
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

CHECK_TIMEOUT = 2  # seconds: a probe must answer before the orchestrator's own timeout


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    checks = {name: _timed(check) for name, check in _checks().items()}
    failed = sorted(name for name, result in checks.items() if not result["ok"])
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": checks}
    return JsonResponse(body, status=503 if failed else 200)


def _checks() -> dict:
    checks = {"database": _database, "broker": _broker, "storage": _storage}
    if _search_url():
        checks["search"] = _search
    return checks


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
        result = {"ok": True}
    except Exception as error:  # any failure of a dependency is the answer, not a 500
        result = {"ok": False, "error": f"{type(error).__name__}: {str(error)[:200]}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker() -> None:
    from config.celery_app import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)


def _storage() -> None:
    """Writes, reads back and deletes a small file in the private storage (solutions, uploads, submissions)."""
    storage = storages["private"]
    name = storage.save(f"readyz/{uuid.uuid4().hex}", ContentFile(b"ok"))
    try:
        with storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise OSError("the private storage returned other bytes than were written")
    finally:
        storage.delete(name)


def _search_url() -> str:
    from discussions.search import elasticsearch_url

    return elasticsearch_url()


def _search() -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(_search_url(), request_timeout=CHECK_TIMEOUT)
    if not client.ping():
        raise ConnectionError(f"Elasticsearch at {_search_url()} did not answer")
