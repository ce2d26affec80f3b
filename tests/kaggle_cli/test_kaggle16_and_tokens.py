"""The legacy kaggle 1.6.17 REST paths, API tokens (Bearer + IntrospectToken), and the daily-limit race through
the CLI's upload handshake."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from accounts.services import api_key_get_or_create
from competitions.models import Competition, Submission
from competitions.services import rules_accept

from ..factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SLUG = "playground-weather"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--no-reference", verbosity=0)  # the playground is enough here
    competition = Competition.objects.get(slug=SLUG)
    alice = get_user_model().objects.get(username="alice")
    rules_accept(competition=competition, user=alice)
    return competition


def _sample(demo, path):
    with demo.data_files.get(name="sample_submission.csv").file.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def test_the_legacy_cli_lists_downloads_submits_and_reads_the_board(kaggle, demo, tmp_path):
    key = api_key_get_or_create(user=get_user_model().objects.get(username="alice")).key

    assert SLUG in kaggle("competitions", "list", username="alice", key=key, legacy=True)[1]
    assert "train.csv" in kaggle("competitions", "files", SLUG, username="alice", key=key, legacy=True)[1]
    kaggle("competitions", "download", SLUG, "-f", "train.csv", "-p", "dl", username="alice", key=key, legacy=True)
    with demo.data_files.get(name="train.csv").file.open("rb") as handle:
        assert (tmp_path / "dl" / "train.csv").read_bytes() == handle.read()

    _, out = kaggle("competitions", "submit", SLUG, "-f", str(_sample(demo, tmp_path / "s.csv")), "-m", "old cli",
                    username="alice", key=key, legacy=True)
    assert "Successfully submitted" in out
    score = f"{Submission.objects.get(submitted_by__username='alice').scores.get(split='public').value:.5f}"
    assert score in kaggle("competitions", "submissions", SLUG, username="alice", key=key, legacy=True)[1]
    assert score in kaggle("competitions", "leaderboard", SLUG, "--show", username="alice", key=key,
                           legacy=True)[1]

    bad = tmp_path / "bad.csv"
    bad.write_text("ID,label\nx,1\n")
    _, out = kaggle("competitions", "submit", SLUG, "-f", str(bad), "-m", "bad", username="alice", key=key,
                    legacy=True)
    assert "Line 1: wrong header" in out


def test_an_api_token_works_through_introspection(kaggle, demo):
    key = api_key_get_or_create(user=get_user_model().objects.get(username="alice")).key
    code, out = kaggle("competitions", "submissions", SLUG, token=key)
    assert code == 0 and "No submissions found" in out, out
    code, out = kaggle("competitions", "submissions", SLUG, token="not-a-key")
    assert code != 0 and "No submissions found" not in out


def test_the_daily_limit_holds_for_50_uploads_through_the_cli_handshake(podium_server, demo, tmp_path):
    """StartSubmissionUpload, PUT to the capability URL, CreateSubmission: the three calls the CLI makes."""
    user = UserFactory(username="racer")
    rules_accept(competition=demo, user=user)
    key = api_key_get_or_create(user=user).key
    data = _sample(demo, tmp_path / "s.csv").read_bytes()
    barrier = threading.Barrier(50)
    proxies = {"http": podium_server}

    def upload(index: int) -> int:
        session = requests.Session()
        session.auth = ("racer", key)
        rpc = "http://localhost/api/v1/competitions.CompetitionApiService/"
        start = session.post(rpc + "StartSubmissionUpload", proxies=proxies, timeout=60,
                             json={"competitionName": SLUG, "contentLength": len(data), "fileName": f"{index}.csv"})
        requests.put(start.json()["createUrl"], data=data, proxies=proxies, timeout=60)
        barrier.wait()
        created = session.post(rpc + "CreateSubmission", proxies=proxies, timeout=60,
                               json={"competitionName": SLUG, "blobFileTokens": start.json()["token"]})
        return created.status_code

    try:
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(upload, range(50)))
    finally:
        connection.close()

    assert statuses.count(200) == 5 and statuses.count(429) == 45, statuses
    assert Submission.objects.filter(submitted_by=user).count() == 5
