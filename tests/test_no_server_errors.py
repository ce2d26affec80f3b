"""No input makes a 500: a property-based run (schemathesis) over every operation of the REST API's OpenAPI schema,
as a signed-in participant, and a fuzz of the kaggle CLI's endpoints with malformed and NUL-laden values.

Every answer must be below 500, and every 4xx must carry the error shape its clients read: {"error": {"status",
"code", "message"}} on the REST API, {"code", "message"} on the kaggle endpoints. The runs are derandomized (the
same cases each time, so CI cannot flake); PODIUM_FUZZ_EXAMPLES raises the number of examples per operation for a
deeper run by hand. The number of cases is printed.
"""

import json
import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from schemathesis import GenerationMode

from accounts.services import api_key_get_or_create
from competitions.services import rules_accept
from competitions.services.submissions import submission_create
from discussions.services import code_create, topic_create

from .conftest import SAMPLE_CSV

EXAMPLES = int(os.environ.get("PODIUM_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck))

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def world(competition, user, settings):
    """A competition the participant has joined, with a submission, a topic and a notebook to point paths at."""
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(100_000, 60)], "vote": [(100_000, 60)]}
    rules_accept(competition=competition, user=user)
    submission, _ = submission_create(competition=competition, user=user, data=SAMPLE_CSV, filename="s.csv")
    topic = topic_create(user=user, competition=competition, title="Validation", body="Which folds?")
    code = code_create(user=user, competition=competition, title="EDA", filename="eda.py", content=b"print(1)\n")
    return {"key": api_key_get_or_create(user=user).key,
            "known": {"slug": competition.slug, "submission_id": str(submission.uuid), "pk": topic.pk,
                      "name": "train.csv"},
            "code_pk": code.pk}


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, as schemathesis calls it. Like Django's test client, it must not close the
    database connection at the end of each request: that connection holds the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    handler = WSGIHandler()

    def app(environ, start_response):  # closes what the test transport leaves open (a data file's handle)
        result = handler(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            result.close()

    yield app
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _report(capsys, what: str, counts: Counter) -> None:
    with capsys.disabled():
        print(f"\n{what}: {sum(counts.values())} cases, by status class {dict(sorted(counts.items()))}")


def _check_rest(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["status"] == response.status_code and error["code"] and error["message"], error


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_rest_api_never_answers_5xx(world, wsgi_app, capsys):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    auth = {"Authorization": f"Token {world['key']}"}
    counts = Counter()
    for operation in _operations(schema):
        names = {p.name for p in operation.path_parameters}
        known = {name: value for name, value in world["known"].items() if name in names}
        if "code" in operation.path:
            known["pk"] = world["code_pk"]
        strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        if known:  # the same inputs against objects that exist, so the handlers run past their 404
            strategies += [operation.as_strategy(generation_mode=mode, path_parameters=known)
                           for mode in GenerationMode]

        @FUZZ
        @given(case=st.one_of(strategies))
        def run(case):
            response = case.call(headers=auth)
            counts[f"{response.status_code // 100}xx"] += 1
            _check_rest(response)

        run()
    _report(capsys, "REST API (schemathesis)", counts)
    assert sum(counts.values()) >= 200  # every operation ran, not just the schema's first


# --- kaggle-compat ---------------------------------------------------------------------------------------------

RPC = "/api/v1/competitions.CompetitionApiService/"
METHODS = [RPC + name for name in (
    "ListCompetitions", "ListDataFiles", "DownloadDataFile", "DownloadDataFiles", "StartSubmissionUpload",
    "CreateSubmission", "GetSubmissionLimits", "GetSubmission", "ListSubmissions", "DownloadSubmission",
    "GetLeaderboard", "DownloadLeaderboard", "ListCompetitionTopics", "ListTopicMessages")]
METHODS += [f"/api/v1/discussions.DiscussionApiService/{name}" for name in ("GetTopic", "ListComments")]
FIELDS = ["competitionName", "page", "pageSize", "pageToken", "ref", "submissionId", "contentLength", "fileName",
          "search", "group", "sortBy", "blobFileTokens", "submissionDescription", "topicId", "id", "overridePublic",
          "lastModifiedEpochSeconds"]
NASTY_TEXT = st.sampled_from(["", "\x00", "tiny\x00", "a\x00b", "-1", "0", "1e400", "9" * 40, "NaN", "1.5", "٣",
                              "tiny/../x", "x" * 5000, "%00", "\u202e", "\ufeff1"])
VALUES = st.one_of(NASTY_TEXT, st.text(max_size=30), st.integers(min_value=-(2**70), max_value=2**70),
                   st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                   st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def _check_kaggle(response, sent) -> None:
    assert response.status_code < 500, (sent, response.status_code, response.content[:500])
    if response.status_code >= 400:
        body = response.json()
        assert body["code"] == response.status_code and body["message"], body


@pytest.fixture
def kaggle_client(client, world):
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world['key']}"
    client.raise_request_exception = False  # a 500 is an answer to count, not an exception
    return client


def test_kaggle_methods_never_answer_5xx(kaggle_client, capsys):
    counts = Counter()
    body_values = st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=5)
    real_slug = st.fixed_dictionaries({"competitionName": st.just("tiny")})

    @settings(FUZZ, max_examples=EXAMPLES * 40)
    @given(method=st.sampled_from(METHODS), body=st.one_of(body_values, st.builds(lambda a, b: {**b, **a}, real_slug,
                                                                                   body_values)))
    def run(method, body):
        raw = json.dumps(body, allow_nan=True)  # Infinity and NaN as Python's json writes them
        response = kaggle_client.post(method, raw, content_type="application/json")
        counts[f"{response.status_code // 100}xx"] += 1
        _check_kaggle(response, (method, body))

    run()
    _report(capsys, "kaggle 2.x methods", counts)


LEGACY_PATHS = ["competitions/list?page={v}&search={v}&group={v}&sortBy={v}", "competitions/data/list/{v}",
                "competitions/data/download/tiny/{v}", "competitions/submissions/list/tiny?page={v}",
                "competitions/{v}/leaderboard/view", "competitions.CompetitionApiService/{v}",
                "kaggle/uploads/{v}", "kaggle/leaderboards/tiny/{v}"]
URL_TEXT = st.one_of(st.sampled_from(["%00", "a%00b", "-1", "abc", "9" * 30, "%ff", "%c3%28", "..", "%2e%2e%2f"]),
                     st.text(alphabet="abc019%0-_.", max_size=12))


def test_kaggle_legacy_paths_and_token_introspection_never_answer_5xx(kaggle_client, capsys):
    counts = Counter()

    @settings(FUZZ, max_examples=EXAMPLES * 20)
    @given(template=st.sampled_from(LEGACY_PATHS), value=URL_TEXT, token=VALUES)
    def run(template, value, token):
        responses = [kaggle_client.get("/api/v1/" + template.format(v=value)),
                     kaggle_client.post(f"/api/v1/competitions/tiny/submissions/url/{len(value)}/0",
                                        {"fileName": value}),
                     kaggle_client.post("/api/v1/competitions/submissions/submit/tiny",
                                        {"blobFileTokens": value, "submissionDescription": value}),
                     kaggle_client.post("/api/v1/security.OAuthService/IntrospectToken",
                                        json.dumps({"token": token}), content_type="application/json")]
        for response in responses:
            counts[f"{response.status_code // 100}xx"] += 1
            if response.status_code >= 400 or response["Content-Type"].startswith("application/json"):
                _check_kaggle(response, (template, value, token))

    run()
    _report(capsys, "kaggle 1.6 paths, uploads and token introspection", counts)


# --- NUL characters, which PostgreSQL text cannot hold -----------------------------------------------------------

PORTAL_GETS = ["/competitions/?q={v}", "/users/{v}/", "/discussions/?sort={v}&kind={v}&page={v}",
               "/discussions/search/?q={v}", "/competitions/tiny/data/download/{v}",
               "/competitions/tiny/code/?sort={v}", "/competitions/tiny/leaderboard/?page={v}&split={v}",
               "/competitions/tiny/discussion/?kind={v}", "/api/v1/search/?q={v}",
               "/api/v1/competitions/tiny/topics/?sort={v}", "/api/v1/discussions/topics/?kind={v}",
               "/api/v1/competitions/tiny/data/{v}", "/api/v1/competitions/tiny/leaderboard/?page={v}",
               "/api/v1/competitions/list?search={v}", "/?{v}={v}"]
NUL_VALUES = ["%00", "a%00b", "%00%00", "x" * 10 + "%00"]


@pytest.mark.parametrize("template", PORTAL_GETS)
def test_a_nul_anywhere_in_a_url_is_a_4xx(client, world, user, template):
    client.raise_request_exception = False
    client.force_login(user)
    for value in NUL_VALUES:
        response = client.get(template.format(v=value), HTTP_AUTHORIZATION=f"Token {world['key']}")
        assert response.status_code == 400, (value, response.status_code)
        if template.startswith("/api/v1/competitions/list"):
            assert "NUL" in response.json()["message"]
        elif template.startswith("/api/"):
            assert response.json()["error"]["code"] == "nul_character"


def test_the_nul_refusal_speaks_the_language_the_request_asks_for(client, db):
    """The guard answers before the account is read, so it follows the request's Accept-Language."""
    client.raise_request_exception = False
    korean = client.get("/competitions/?q=a%00b", HTTP_ACCEPT_LANGUAGE="ko")
    english = client.get("/competitions/?q=a%00b", HTTP_ACCEPT_LANGUAGE="en")
    assert korean.status_code == english.status_code == 400
    assert korean.content.decode() == "쿼리 문자열에는 NUL 문자를 쓸 수 없습니다."
    assert english.content.decode() == "NUL characters are not allowed in the query string."


def test_a_nul_in_a_form_a_header_or_the_session_cookie_is_a_4xx(client, world):
    client.raise_request_exception = False
    login = client.post("/accounts/login/", "login=participant%00&password=x",
                        content_type="application/x-www-form-urlencoded")
    header = client.get("/api/v1/me/", HTTP_IDEMPOTENCY_KEY="a\x00b")
    # A quoted cookie may spell NUL as an octal escape, and the session key is looked up in the database.
    cookie = client.get("/competitions/", HTTP_COOKIE='sessionid="\\000abcdefghijklmnop"')
    assert [login.status_code, header.status_code, cookie.status_code] == [400, 400, 400]


def test_a_nul_in_a_multipart_field_or_file_name_is_never_a_500(client, world, user, competition):
    """Multipart fields are parsed by the views, after the middleware looked: PostgreSQL refuses the NUL (a 400
    naming the problem), SQLite stores it (the upload goes through)."""
    client.raise_request_exception = False
    client.force_login(user)
    upload = SimpleUploadedFile
    portal = "/competitions/tiny/submissions/"
    responses = [
        client.post(portal, {"file": upload("s\x00.csv", SAMPLE_CSV), "description": "a\x00"}),
        client.post(portal, {"file": upload("s.csv", SAMPLE_CSV), "idempotency_key": "\x00"}),
        client.post("/competitions/tiny/code/new/", {"file": upload("a\x00.py", b"print(1)"), "title": "t\x00"}),
        client.post("/competitions/tiny/team/", {"action": "invite", "username": "n\x00"}),
        client.post("/api/v1/competitions/tiny/submissions/", {"file": upload("s.csv", SAMPLE_CSV),
                                                              "description": "a\x00"}),
    ]
    statuses = [response.status_code for response in responses]
    assert max(statuses) < 500, statuses
    if connection.vendor == "postgresql":
        assert all(b"NUL characters are not allowed" in r.content for r in responses if r.status_code == 400)
        assert statuses.count(400) >= 4, statuses
