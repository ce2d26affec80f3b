"""Podium on S3 for real: every stored file in a bucket of a real S3 API server (moto_server), and none on disk.

A host loads a bundle zip; a participant downloads a data file (whole and resumed) and the download-all zip, submits
through the REST API and through the kaggle CLI's upload slot; a real Celery worker scores both; the solution sits
under the private prefix where an unsigned URL cannot read it; with presigned downloads on, the views redirect to the
store. Nothing of it is written under MEDIA_ROOT or PRIVATE_ROOT, by this process or the worker.
"""

import io
import urllib.error
import urllib.request
import zipfile

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from accounts.services import api_key_get_or_create
from competitions.bundles import bundle_load
from competitions.models import Submission, UploadSlot
from competitions.models.downloads import DataArchive
from competitions.services import rules_accept
from competitions.stored_files import stored_read

from ..factories import UserFactory
from ..integration.conftest import Worker, real_broker, start_service, wait_for  # noqa: F401 (fixtures)
from .s3 import local_files, s3_endpoint, s3_store  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

RPC = "/api/v1/competitions.CompetitionApiService/"


def _zip_folder(folder, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
    return target


def _unsigned_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _sample(competition) -> bytes:
    stored = competition.data_files.get(name="sample_submission.csv").file
    return stored_read(stored.storage, stored.name)


def _participant(competition, username: str) -> tuple:
    """A user who accepted the rules, a portal client logged in as them, and the sample file's download URL."""
    user = UserFactory(username=username)
    rules_accept(competition=competition, user=user)
    client = Client()
    client.force_login(user)
    return user, client, f"/competitions/{competition.slug}/data/download/sample_submission.csv"


def _kaggle_submit(client: Client, key: str, slug: str, data: bytes, store) -> int:
    """The CLI's three calls: open a slot, PUT the bytes to its capability URL, turn the slot into a submission."""
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    start = client.post(RPC + "StartSubmissionUpload", {"competitionName": slug, "contentLength": len(data),
                                                        "fileName": "cli.csv"}, content_type="application/json", **auth)
    assert start.status_code == 200, start.content
    put = client.generic("PUT", start.json()["createUrl"].split("testserver")[-1], data,
                         content_type="application/octet-stream")
    assert put.status_code in (200, 201), put.content
    assert store.keys("private/uploads/"), "the upload slot's bytes are not in the bucket"
    created = client.post(RPC + "CreateSubmission", {"competitionName": slug, "blobFileTokens": start.json()["token"]},
                          content_type="application/json", **auth)
    return created.status_code


def test_a_competition_runs_on_s3_with_nothing_on_local_disk(s3_store, start_service, bundle_dir, host, tmp_path):
    before = local_files()
    worker = start_service(Worker, **s3_store.env)

    competition = bundle_load(_zip_folder(bundle_dir, tmp_path / "bundle.zip"))
    solution_key = f"private/{competition.solution.file.name}"
    assert solution_key in s3_store.keys("private/")
    data_keys = [f"media/{data_file.file.name}" for data_file in competition.data_files.all()]
    assert data_keys and set(data_keys) <= set(s3_store.keys("media/"))
    # Objects are written private: without a signature the store itself refuses them.
    assert _unsigned_status(s3_store.unsigned_url(solution_key)) == 403
    assert _unsigned_status(s3_store.unsigned_url(data_keys[0])) == 403

    user, client, url = _participant(competition, "s3-participant")
    whole = client.get(url)
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == _sample(competition)
    resumed = client.get(url, HTTP_RANGE="bytes=10-")
    assert resumed.status_code == 206 and b"".join(resumed.streaming_content) == _sample(competition)[10:]
    whole.close(), resumed.close()
    # No page of the site hands out the solution: its name is not a data file, at any of the download routes.
    for route in (f"/competitions/{competition.slug}/data/download/{competition.solution.file.name}",
                  f"/api/v1/competitions/{competition.slug}/data/solution.csv"):
        assert client.get(route).status_code == 404

    key = api_key_get_or_create(user=user).key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    rest = api.post(f"/api/v1/competitions/{competition.slug}/submissions/",
                    {"file": io.BytesIO(_sample(competition)), "description": "REST"}, format="multipart")
    assert rest.status_code == 201, rest.content
    assert _kaggle_submit(client, key, competition.slug, _sample(competition), s3_store) == 200
    assert not UploadSlot.objects.exists() and not s3_store.keys("private/uploads/")

    submissions = Submission.objects.filter(competition=competition)
    assert submissions.count() == 2
    for submission in submissions:
        assert f"private/{submission.file.name}" in s3_store.keys("private/")
    wait_for(lambda: not submissions.exclude(status=Submission.Status.SCORED).exists(), timeout=120,
             what="the worker to score both submissions from the bucket", worker=worker)

    archive = wait_for(lambda: DataArchive.objects.filter(competition=competition, status="ready").first(),
                       timeout=60, what="the worker to build the download-all zip", worker=worker)
    assert f"private/{archive.file.name}" in s3_store.keys("private/")
    zipped = client.get(f"/competitions/{competition.slug}/data/download-all/")
    assert zipped.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content))) as bundle:
        assert bundle.read("sample_submission.csv") == _sample(competition)
        assert sorted(bundle.namelist()) == sorted(competition.data_files.values_list("name", flat=True))
        assert "solution.csv" not in bundle.namelist()
    zipped.close()

    assert local_files() == before, "files were written to local disk instead of the bucket"


def test_downloads_redirect_to_a_presigned_url_when_asked(s3_store, bundle_dir, host):
    competition = bundle_load(bundle_dir)
    _, client, url = _participant(competition, "presigned")

    with override_settings(PODIUM_S3_PRESIGNED_DOWNLOADS=True):
        response = client.get(url)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(f"{s3_store.endpoint}/{s3_store.bucket}/media/") and "X-Amz-Signature=" in location
    with urllib.request.urlopen(location, timeout=10) as signed:
        assert signed.read() == _sample(competition)
        assert 'filename="sample_submission.csv"' in signed.headers["Content-Disposition"]
    # Off (the default), the web process streams the bytes itself.
    streamed = client.get(url)
    assert streamed.status_code == 200 and b"".join(streamed.streaming_content) == _sample(competition)
    streamed.close()


def test_shared_code_is_read_from_the_bucket_as_a_stream(s3_store, competition, user, monkeypatch):
    """A code version's download streams the object's body from the store as it arrives, and a fork reads it from
    there too: neither opens it through django-storages, whose S3File first downloads the whole object."""
    from django.urls import reverse
    from storages.backends.s3 import S3Storage

    from discussions.services import code_create, code_fork

    before = local_files()
    content = b"print('baseline')\n" * 500
    entry = code_create(user=user, competition=competition, title="Baseline", filename="baseline.py", content=content)
    version = entry.versions.get()
    assert f"media/{version.file.name}" in s3_store.keys("media/")

    monkeypatch.setattr(S3Storage, "_open", lambda *args, **kwargs: pytest.fail("read through S3File"))
    client = Client()
    client.force_login(user)
    response = client.get(reverse("discussions:code_download", args=[entry.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == content  # the test client closes it once read to the end

    fork = code_fork(user=user, version=version)
    assert stored_read(version.file.storage, fork.versions.get().file.name) == content
    assert local_files() == before, "files were written to local disk instead of the bucket"
