"""Uploads are bounded before they are read, and the kaggle CLI's upload blobs never outlive their use."""

import datetime as dt
import io

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.utils import timezone

from accounts.services import api_key_get_or_create
from competitions.middleware import UploadSizeLimitMiddleware
from competitions.models import Submission, UploadSlot
from competitions.services import rules_accept
from competitions.tasks import task_expire_upload_slots

pytestmark = pytest.mark.django_db

CAP = 1000
PERFECT = b"ID,target\na,0\nb,1\nc,2\nd,1\n"


@pytest.fixture(autouse=True)
def small_cap(settings):
    settings.PODIUM_SUBMISSION_MAX_BYTES = CAP


@pytest.fixture
def key(competition, user):
    rules_accept(competition=competition, user=user)
    return api_key_get_or_create(user=user).key


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def _oversized_request(method: str, path: str) -> WSGIRequest:
    request = RequestFactory().generic(method, path, content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(10**9)
    request.META["wsgi.input"] = UnreadableBody()
    request._stream = UnreadableBody()
    return request


@pytest.mark.parametrize("method, path, marker", [
    ("POST", "/api/v1/competitions/tiny/submissions/", b'"code": "file_too_large"'),
    ("POST", "/competitions/tiny/submissions/", b"<h1>413</h1>"),
    ("PUT", "/api/v1/kaggle/uploads/some-token", b'"code": 413'),
])
def test_an_upload_over_the_cap_is_refused_before_its_body_is_read(competition, method, path, marker):
    middleware = UploadSizeLimitMiddleware(lambda request: pytest.fail("the view ran"))

    response = middleware(_oversized_request(method, path))

    assert response.status_code == 413
    assert marker in response.content.replace(b'":"', b'": "')
    assert b"1,000,000,000 bytes; the limit is 1,000 bytes" in response.content


def test_other_requests_pass_through(competition):
    seen = []
    middleware = UploadSizeLimitMiddleware(lambda request: seen.append(request) or "the view's answer")
    request = _oversized_request("POST", "/api/v1/competitions/tiny/rules/accept/")

    assert middleware(request) == "the view's answer" and seen == [request]


def test_a_file_over_the_cap_inside_a_small_form_is_refused_by_the_portal(client, competition, user, key):
    client.force_login(user)
    big = io.BytesIO(b"ID,target\n" + b"a,0\n" * 300)
    big.name = "big.csv"

    response = client.post("/competitions/tiny/submissions/", {"file": big}, follow=True)

    assert b"1,210 bytes; the limit is 1,000 bytes" in response.content
    assert Submission.objects.count() == 0


def _start(client, key: str, length: int) -> dict:
    response = client.post("/api/v1/competitions.CompetitionApiService/StartSubmissionUpload",
                           {"competitionName": "tiny", "contentLength": length, "fileName": "s.csv"},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
    return response


def _put(client, url: str, body: bytes):
    return client.generic("PUT", url.split("testserver")[-1], body, content_type="application/octet-stream")


def _create(client, key: str, token: str):
    return client.post("/api/v1/competitions.CompetitionApiService/CreateSubmission",
                       {"competitionName": "tiny", "blobFileTokens": token},
                       content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")


def _blobs(settings) -> tuple[int, int]:
    files = [path for path in (settings.PRIVATE_ROOT / "uploads").rglob("*") if path.is_file()]
    return len(files), sum(path.stat().st_size for path in files)


def test_an_upload_over_ten_mib_is_streamed_not_refused(client, competition, key, settings):
    settings.PODIUM_SUBMISSION_MAX_BYTES = 20 * 1024 * 1024
    body = b"ID,target\n" + b"a,0\n" * (3 * 1024 * 1024)  # 12 MiB: over Django's 10 MiB in-memory body limit

    start = _start(client, key, len(body)).json()
    response = _put(client, start["createUrl"], body)

    assert response.status_code == 200, response.content[:300]
    assert UploadSlot.objects.get(token=start["token"]).received == len(body)


def test_blobs_of_accepted_and_refused_uploads_are_deleted(client, competition, key, settings):
    before = _blobs(settings)
    accepted = _start(client, key, len(PERFECT)).json()
    _put(client, accepted["createUrl"], PERFECT)
    refused = _start(client, key, 9).json()
    _put(client, refused["createUrl"], b"not,a,csv")
    assert _blobs(settings)[0] == before[0] + 2

    assert _create(client, key, accepted["token"]).status_code == 200
    assert _create(client, key, refused["token"]).status_code == 400

    assert _blobs(settings) == before
    assert UploadSlot.objects.count() == 0 and Submission.objects.count() == 1


def test_no_upload_is_opened_when_no_submission_is_left_today(client, competition, key, settings):
    type(competition).objects.filter(pk=competition.pk).update(daily_submission_limit=1)
    before = _blobs(settings)
    first = _start(client, key, len(PERFECT)).json()
    _put(client, first["createUrl"], PERFECT)
    _create(client, key, first["token"])

    response = _start(client, key, len(PERFECT))

    assert response.status_code in (403, 429) and "all 1 submissions for today" in response.json()["message"]
    assert UploadSlot.objects.count() == 0 and _blobs(settings) == before


def test_abandoned_uploads_expire_with_their_bytes(client, competition, key, settings):
    before = _blobs(settings)
    stale = _start(client, key, len(PERFECT)).json()
    _put(client, stale["createUrl"], PERFECT)
    fresh = _start(client, key, len(PERFECT)).json()
    _put(client, fresh["createUrl"], PERFECT)
    UploadSlot.objects.filter(token=stale["token"]).update(
        created_at=timezone.now() - settings.PODIUM_UPLOAD_SLOT_TTL - dt.timedelta(seconds=1))

    assert task_expire_upload_slots.apply().get() == 1

    assert list(UploadSlot.objects.values_list("token", flat=True)) == [fresh["token"]]
    assert _blobs(settings) == (before[0] + 1, before[1] + len(PERFECT))


@pytest.mark.parametrize("content_range", ["bytes abc", "bytes 5-", "bytes 0-4/zz", "items 0-4/5"])
def test_a_malformed_content_range_is_a_400(client, competition, key, content_range):
    start = _start(client, key, len(PERFECT)).json()
    url = start["createUrl"].split("testserver")[-1]

    response = client.generic("PUT", url, PERFECT, content_type="application/octet-stream",
                              HTTP_CONTENT_RANGE=content_range)

    assert response.status_code == 400 and "Content-Range must look like" in response.json()["message"]
