"""/metrics: closed unless a token or a network opens it; every family with the values the rows give, counters that
a rescore does not lower; refusals counted in the web process wherever the upload was refused (before the service
too), and summed across processes in multiprocess mode."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from accounts.services import api_key_get_or_create
from competitions.metrics import SUBMISSIONS_REFUSED
from competitions.models import Competition, Submission
from competitions.services import rules_accept
from competitions.services import submissions as submission_services
from competitions.services.submissions import submission_create, submission_rescore
from competitions.services.uploads import upload_open
from competitions.tasks import task_score_submission
from scoring.errors import SubmissionFormatError

from .competitions.test_queue_stats import GOOD_CSV, queue_world
from .factories import CompetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parent.parent
TOKEN = "metrics-test-token"
TINY = {"competition": "tiny", "metric": "macro_f1"}


@pytest.fixture
def token(settings):
    settings.PODIUM_METRICS_TOKEN = TOKEN
    settings.PODIUM_WORKER_PING_SECONDS = 0


def _scrape(client) -> dict:
    """{(sample name, frozenset of labels): value}, through Prometheus' own parser."""
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain; version=")
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.content.decode()) for sample in family.samples}


def _value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_it_answers_no_one_by_default(client, settings):
    settings.PODIUM_METRICS_TOKEN, settings.PODIUM_METRICS_NETWORKS = "", []

    assert client.get("/metrics").status_code == 403  # the test client comes from 127.0.0.1


def test_it_refuses_a_missing_or_wrong_token(client, token):
    missing = client.get("/metrics")
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")

    assert missing.status_code == wrong.status_code == 401
    assert missing["WWW-Authenticate"].startswith("Bearer") and b"podium_" not in wrong.content
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_an_allowed_network_needs_no_token_and_a_forged_forwarded_for_does_not_help(client, settings):
    settings.PODIUM_METRICS_TOKEN, settings.PODIUM_WORKER_PING_SECONDS = "", 0
    settings.PODIUM_METRICS_NETWORKS = ["10.0.0.0/8"]
    forged = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "10.1.2.3"}

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", **forged).status_code == 403
    settings.PODIUM_TRUSTED_PROXIES = ["203.0.113.9"]  # now that proxy's word is believed
    assert client.get("/metrics", **forged).status_code == 200


def test_the_families_carry_the_values_of_the_rows(client, token, competition, user):
    CompetitionFactory(slug="quiet", metric_key="rouge_l_f1_ko")
    queue_world(competition, user, timezone.now())

    samples = _scrape(client)

    assert _value(samples, "podium_submissions_accepted_total", **TINY) == 7
    assert _value(samples, "podium_submissions_accepted_total", competition="quiet", metric="rouge_l_f1_ko") == 0
    assert _value(samples, "podium_submissions_scored_total", **TINY) == 2
    assert _value(samples, "podium_submissions_failed_total", **TINY, reason="file") == 1
    assert _value(samples, "podium_submissions_failed_total", **TINY, reason="platform") == 1
    assert _value(samples, "podium_queue_depth", **TINY) == 1
    assert _value(samples, "podium_queue_oldest_age_seconds", **TINY) == pytest.approx(7200, abs=5)
    assert _value(samples, "podium_scoring_in_progress", **TINY) == 2
    assert _value(samples, "podium_scoring_stale_claims") == 1
    assert _value(samples, "podium_scoring_heartbeat_age_seconds", which="freshest") == pytest.approx(5, abs=5)
    assert _value(samples, "podium_scoring_heartbeat_age_seconds", which="stalest") == pytest.approx(600, abs=5)
    # Both scorings took 3 s from claim to stored score.
    duration = "podium_scoring_duration_seconds"
    assert _value(samples, f"{duration}_count", metric="macro_f1") == 2
    assert _value(samples, f"{duration}_sum", metric="macro_f1") == pytest.approx(6)
    assert _value(samples, f"{duration}_bucket", metric="macro_f1", le="2.5") == 0
    assert _value(samples, f"{duration}_bucket", metric="macro_f1", le="5.0") == 2
    assert _value(samples, f"{duration}_bucket", metric="macro_f1", le="+Inf") == 2


def test_uploads_refused_through_the_api_are_counted_by_reason(client, token, competition, user, api_client):
    rules_accept(competition=competition, user=user)
    before = _scrape(client)
    api_client.force_authenticate(user)
    bad = api_client.post("/api/v1/competitions/tiny/submissions/",
                          {"file": SimpleUploadedFile("bad.csv", b"ID,target\nzz,0\n")}, format="multipart")
    api_client.force_authenticate(UserFactory(username="not_joined"))
    not_joined = api_client.post("/api/v1/competitions/tiny/submissions/",
                                 {"file": SimpleUploadedFile("ok.csv", b"ID,target\na,0\n")}, format="multipart")

    after = _scrape(client)

    assert bad.json()["error"]["code"] == "invalid_submission"
    assert not_joined.json()["error"]["code"] == "submission_refused"
    for reason in ("invalid_submission", "submission_refused"):
        name = "podium_submissions_refused_total"
        assert _value(after, name, **TINY, reason=reason) - _value(before, name, **TINY, reason=reason) == 1
    assert _value(after, "podium_submissions_accepted_total", **TINY) == 0


def _refused(reason: str, competition: str = "tiny", metric: str = "macro_f1") -> float:
    """This process's count of one series, read from the counter itself (the scrape reads the same)."""
    labels = {"competition": competition, "metric": metric, "reason": reason}
    return next((sample.value for family in SUBMISSIONS_REFUSED.collect() for sample in family.samples
                 if sample.name.endswith("_total") and sample.labels == labels), 0.0)


@pytest.fixture
def joined(competition, user, settings):
    settings.PODIUM_SUBMISSION_MAX_BYTES = 1000
    rules_accept(competition=competition, user=user)
    return user


def _big_file() -> io.BytesIO:
    big = io.BytesIO(b"ID,target\n" + b"a,0\n" * 300)  # 1,210 bytes, over the 1,000 of `joined`
    big.name = "big.csv"
    return big


def _form(reason: str) -> dict:
    """A form the view refuses for `reason` before the service runs: no file, or one over the cap."""
    return {"file": _big_file()} if reason == "file_too_large" else {"description": "no file"}


@pytest.mark.parametrize("reason", ["invalid_submission", "file_too_large"])
def test_the_apis_refusals_before_the_service_are_counted_under_the_code_it_answers(api_client, joined, reason):
    api_client.force_authenticate(joined)
    before = _refused(reason)

    response = api_client.post("/api/v1/competitions/tiny/submissions/", _form(reason), format="multipart")

    assert response.json()["error"]["code"] == reason
    assert _refused(reason) - before == 1


@pytest.mark.parametrize("reason", ["invalid_submission", "file_too_large"])
def test_the_portals_refusals_before_the_service_are_counted(client, joined, reason):
    client.force_login(joined)
    before = _refused(reason)

    client.post("/competitions/tiny/submissions/", _form(reason))

    assert _refused(reason) - before == 1 and Submission.objects.count() == 0


@pytest.mark.parametrize("method, path, labels", [
    ("POST", "/api/v1/competitions/tiny/submissions/", ("tiny", "macro_f1")),
    ("POST", "/competitions/tiny/submissions/", ("tiny", "macro_f1")),
    ("PUT", "/api/v1/kaggle/uploads/{token}", ("tiny", "macro_f1")),
    # No such competition or slot: counted, but under empty labels, never under a slug the client made up.
    ("POST", "/api/v1/competitions/made-up/submissions/", ("", "")),
    ("PUT", "/api/v1/kaggle/uploads/made-up-token", ("", "")),
])
def test_a_refusal_by_the_content_length_cap_is_counted_against_the_urls_competition(client, joined, method, path,
                                                                                      labels):
    slot = upload_open(competition=Competition.objects.get(slug="tiny"), user=joined, filename="s.csv",
                       content_length=10)
    before = _refused("file_too_large", *labels)

    response = client.generic(method, path.format(token=slot.token), b"", CONTENT_LENGTH=str(10**9),
                              content_type="multipart/form-data; boundary=x")

    assert response.status_code == 413
    assert _refused("file_too_large", *labels) - before == 1
    assert _refused("file_too_large", "made-up", "") == 0


RPC = "/api/v1/competitions.CompetitionApiService/"


def _rpc(client, user, method: str, body: dict):
    key = api_key_get_or_create(user=user).key
    return client.post(RPC + method, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")


def test_the_kaggle_clis_refusals_before_the_service_are_counted(client, joined, competition):
    start = {"competitionName": "tiny", "fileName": "s.csv", "contentLength": 10}
    before = {reason: _refused(reason) for reason in
              ("file_too_large", "submission_refused", "daily_limit_reached", "invalid_submission")}

    too_large = _rpc(client, joined, "StartSubmissionUpload", {**start, "contentLength": 5000})
    not_joined = _rpc(client, UserFactory(username="not_joined"), "StartSubmissionUpload", start)
    no_file = _rpc(client, joined, "CreateSubmission", {"competitionName": "tiny", "blobFileTokens": "no-such"})
    Competition.objects.filter(pk=competition.pk).update(daily_submission_limit=0)
    full_day = _rpc(client, joined, "StartSubmissionUpload", start)

    assert [too_large.status_code, not_joined.status_code, no_file.status_code, full_day.status_code] == \
        [413, 403, 400, 429]
    assert {reason: _refused(reason) - count for reason, count in before.items()} == dict.fromkeys(before, 1)


def _unreadable(submission):
    raise SubmissionFormatError("file.header_only")


def _scored_and_failed(samples: dict) -> tuple[float, float, float]:
    return (_value(samples, "podium_submissions_scored_total", **TINY),
            _value(samples, "podium_submissions_failed_total", **TINY, reason="file"),
            _value(samples, "podium_submissions_failed_total", **TINY, reason="platform"))


def test_a_rescore_does_not_lower_the_scored_and_failed_counters_and_each_scoring_counts(client, token, joined,
                                                                                           settings, monkeypatch):
    """A rescore sends a finished submission back to the queue: counted by status, the counters would drop, which
    Prometheus reads as a reset. They count the attempts that finished instead."""
    Competition.objects.filter(slug="tiny").update(daily_submission_limit=10)
    competition = Competition.objects.get(slug="tiny")
    scored, failed, given_up = (submission_create(competition=competition, user=joined, data=GOOD_CSV,
                                                  filename=f"{name}.csv")[0] for name in ("s", "f", "e"))
    task_score_submission.apply(args=[scored.pk])
    with monkeypatch.context() as patch:
        patch.setattr(submission_services, "submission_score", _unreadable)
        task_score_submission.apply(args=[failed.pk])
    attempts, settings.PODIUM_SCORING_MAX_ATTEMPTS = settings.PODIUM_SCORING_MAX_ATTEMPTS, 0  # the first claim is
    task_score_submission.apply(args=[given_up.pk])  # already past the last attempt: given up
    settings.PODIUM_SCORING_MAX_ATTEMPTS = attempts
    assert [s.status for s in Submission.objects.order_by("pk")] == ["scored", "failed", "error"]
    assert _scored_and_failed(_scrape(client)) == (1, 1, 1)

    for submission in (scored, failed, given_up):
        submission_rescore(submission=submission)
    assert _scored_and_failed(_scrape(client)) == (1, 1, 1)

    for submission in (scored, failed, given_up):  # all three score this time
        task_score_submission.apply(args=[submission.pk])
    assert _scored_and_failed(_scrape(client)) == (4, 1, 1)


COUNT_ONE_REFUSAL = """
import django
django.setup()
from competitions.metrics import SUBMISSIONS_REFUSED
SUBMISSIONS_REFUSED.labels("tiny", "macro_f1", "daily_limit_reached").inc()
"""


def test_multiprocess_mode_sums_the_refusals_of_every_web_process(client, token, tmp_path, monkeypatch):
    """What gunicorn does (config/gunicorn_conf.py sets PROMETHEUS_MULTIPROC_DIR): two processes count one refusal
    each, and a scrape answered by a third process reports both."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    workers = [subprocess.Popen([sys.executable, "-c", COUNT_ONE_REFUSAL], cwd=REPO_ROOT, env=env) for _ in range(2)]
    assert [worker.wait(timeout=60) for worker in workers] == [0, 0]
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))

    samples = _scrape(client)

    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    assert _value(samples, "podium_submissions_refused_total", **TINY, reason="daily_limit_reached") == 2


def test_gunicorns_settings_give_its_workers_an_emptied_multiprocess_folder(tmp_path):
    """config/gunicorn_conf.py, as the master loads it: the folder under PODIUM_VAR_DIR, emptied as it starts, so a
    previous run's counts are not added again."""
    stale = tmp_path / "prometheus" / "counter_1.db"
    stale.parent.mkdir()
    stale.write_bytes(b"an earlier run")
    script = ("import os, runpy; conf = runpy.run_path('config/gunicorn_conf.py'); conf['on_starting'](None); "
              "print(os.environ['PROMETHEUS_MULTIPROC_DIR'])")
    env = {key: value for key, value in os.environ.items() if key != "PROMETHEUS_MULTIPROC_DIR"}
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env={**env, "PODIUM_VAR_DIR": str(tmp_path)},
                            capture_output=True, text=True, check=True)

    assert result.stdout.strip() == str(tmp_path / "prometheus")
    assert stale.parent.is_dir() and not stale.exists()


@pytest.mark.slow
def test_in_production_the_operators_endpoints_answer_plain_http_while_pages_redirect(tmp_path):
    """Probes and Prometheus reach a node directly, without the TLS proxy: a redirect to https would fail them."""
    probe = ("from django.test import Client; c = Client(HTTP_HOST='podium.example.org'); "
             "print(*(c.get(path).status_code for path in ('/healthz', '/metrics', '/')))")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PODIUM_"))}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", DJANGO_ALLOWED_HOSTS="podium.example.org",
                       DJANGO_SECRET_KEY="a-long-random-production-key-for-this-test-only-9c2e7b1d6f3a0e5c8b",
                       PODIUM_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", probe], cwd=REPO_ROOT,
                            env=environment, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "403", "301"]  # /metrics: closed by default, but not redirected
