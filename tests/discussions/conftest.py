import contextlib
import os
import uuid

import pytest

from discussions.models import Topic
from discussions.services import topic_create
from tests.factories import CompetitionFactory, UserFactory


@pytest.fixture(autouse=True)
def roomy_rate_limits(settings):
    """Most tests write more than a person would in a minute; test_limits.py sets the real limits back."""
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(10_000, 60)], "vote": [(10_000, 60)]}


@pytest.fixture(autouse=True)
def database_search_by_default(settings):
    settings.PODIUM_SEARCH_BACKEND = "database"


@pytest.fixture
def arena(db):
    """A published competition with a host."""
    host = UserFactory(username="arena-host")
    competition = CompetitionFactory(slug="arena", title="Arena")
    competition.hosts.add(host)
    return competition


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def topic(arena, alice) -> Topic:
    return topic_create(user=alice, competition=arena, title="How do you validate?", body="Stratified **5-fold**?")


@pytest.fixture(scope="session")
def elasticsearch_server():
    """The Elasticsearch-8-compatible server named by ELASTICSEARCH_URL (in CI: noida-db, started by .ci/run)."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        pytest.skip("Elasticsearch backend not tested: ELASTICSEARCH_URL is not set. `bash .ci/run` starts noida-db "
                    "(an Elasticsearch-8-compatible server) and sets it; or start one and export the URL.")
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=10)
    info = client.info()  # an unreachable server fails the tests, it does not skip them
    version, name = info["version"]["number"], info.get("name", "?")
    _SERVERS.append(f"Elasticsearch backend tests ran against '{name}' (Elasticsearch {version} API) at {url}"
                    f"{': noida-db, not a real Elasticsearch' if 'noida' in name else ''}")
    return {"url": url, "version": version, "name": name}


_SERVERS: list[str] = []


def pytest_terminal_summary(terminalreporter):
    for line in dict.fromkeys(_SERVERS):
        terminalreporter.write_line(f"[discussions] {line}")


class Backend:
    def __init__(self, name: str, capture=None, es=None):
        self.name, self._capture, self.es = name, capture, es

    @contextlib.contextmanager
    def indexing(self):
        """Writes inside the block reach the index: on-commit tasks run (eagerly) and the index is refreshed."""
        if self.es is None:
            yield
            return
        with self._capture(execute=True):
            yield
        self.es.refresh()


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings, django_capture_on_commit_callbacks):
    if request.param == "database":
        settings.PODIUM_SEARCH_BACKEND = "database"
        yield Backend("database")
        return
    server = request.getfixturevalue("elasticsearch_server")
    from discussions.search.es_backend import ElasticsearchBackend

    settings.PODIUM_SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = server["url"]
    settings.PODIUM_SEARCH_INDEX = f"podium-test-{uuid.uuid4().hex[:12]}"
    backend = ElasticsearchBackend.default()
    backend.ensure_index()
    yield Backend("elasticsearch", django_capture_on_commit_callbacks, backend)
    backend.drop_index()
