"""50 uploads for one team at the same instant, a limit of 5: exactly 5 pass, every time."""

import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.services import api_key_get_or_create
from competitions.models import Submission
from competitions.services import rules_accept, solution_set
from competitions.services.submissions import DailyLimitReached, submission_create

from ..factories import CompetitionFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

UPLOADS, LIMIT, ROUNDS = 50, 5, 20
PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"


@pytest.fixture
def competition(transactional_db):
    competition = CompetitionFactory(slug="race", daily_submission_limit=LIMIT)
    solution_set(competition=competition, content=b"ID,target\na,0\nb,1\nc,2\nd,1\n")
    return competition


def _submit_all_at_once(submit_one) -> list[str]:
    barrier = threading.Barrier(UPLOADS)

    def worker(index: int) -> str:
        barrier.wait()
        try:
            return submit_one(index)
        finally:
            connection.close()  # each thread has its own database connection

    with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
        return list(pool.map(worker, range(UPLOADS)))


def test_the_limit_holds_when_50_uploads_arrive_at_once(competition, django_capture_on_commit_callbacks):
    for round_number in range(ROUNDS):
        user = UserFactory(username=f"racer{round_number}")
        rules_accept(competition=competition, user=user)

        def submit_one(index: int) -> str:
            try:
                submission_create(competition=competition, user=user, data=PERFECT, filename=f"{index}.csv")
                return "accepted"
            except DailyLimitReached:
                return "refused"

        outcomes = _submit_all_at_once(submit_one)

        assert outcomes.count("accepted") == LIMIT, f"round {round_number}: {outcomes.count('accepted')} accepted"
        assert Submission.objects.filter(submitted_by=user).count() == LIMIT


def test_the_limit_holds_through_the_http_api(competition, live_server):
    user = UserFactory(username="http-racer")
    rules_accept(competition=competition, user=user)
    key = api_key_get_or_create(user=user).key
    url = f"{live_server.url}/api/v1/competitions/race/submissions/"

    def submit_one(index: int) -> str:
        boundary = uuid.uuid4().hex
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{index}.csv\"\r\n"
                f"Content-Type: text/csv\r\n\r\n").encode() + PERFECT + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Authorization": f"Token {key}", "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Idempotency-Key": f"upload-{index}"})
        # The test server's listen queue is short, so some connections are reset; a client retries those, and the
        # Idempotency-Key makes a retry of an upload that did arrive return the first result.
        for _ in range(20):
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    return "201" if response.status == 201 else f"replayed-{response.status}"
            except urllib.error.HTTPError as error:
                return str(error.code)
            except (ConnectionResetError, urllib.error.URLError):
                continue
        return "unreachable"

    outcomes = _submit_all_at_once(submit_one)

    accepted = outcomes.count("201") + outcomes.count("replayed-200")
    assert accepted == LIMIT and outcomes.count("429") == UPLOADS - LIMIT, outcomes
    assert Submission.objects.filter(submitted_by=user).count() == LIMIT
