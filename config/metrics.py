"""/metrics: the Prometheus text exposition for operators (what each figure is, and why most are read from the
database at scrape time: competitions/metrics.py).

Access: a request bearing PODIUM_METRICS_TOKEN (`Authorization: Bearer ...`), or coming from one of
PODIUM_METRICS_NETWORKS (the client's address as the sign-in throttle reads it, X-Forwarded-For believed only from
PODIUM_TRUSTED_PROXIES). With neither set, no one: the figures name every competition, unpublished ones included,
and a reverse proxy on the same machine would make every visitor look like loopback.
"""

import hmac
import ipaddress
import os
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from accounts.client_address import client_address
from competitions.metrics import SUBMISSIONS_REFUSED, SubmissionsCollector


@never_cache
@require_GET
def metrics(request):
    if _bearer_ok(request) or _network_ok(request):
        return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
    if settings.PODIUM_METRICS_TOKEN:
        response = HttpResponse(_("A valid metrics token is required."), status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(_("Metrics are not open to this address."), status=403, content_type="text/plain")


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every web process's counts, from their files
    else:
        registry.register(SUBMISSIONS_REFUSED)  # one process (runserver, tests): its own counts
    registry.register(SubmissionsCollector())
    return registry


def _bearer_ok(request) -> bool:
    token = settings.PODIUM_METRICS_TOKEN
    scheme, _space, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@lru_cache(maxsize=4)
def _allowed_networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _network_ok(request) -> bool:
    networks = _allowed_networks(tuple(settings.PODIUM_METRICS_NETWORKS))
    return bool(networks) and any(ipaddress.ip_address(client_address(request)) in network for network in networks)
