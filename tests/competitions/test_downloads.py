"""Download all: one zip per data version, built once by the (eager) worker, streamed with its size and ETag."""

import io
import os
import tracemalloc
import zipfile

import pytest
from django.core.management import call_command
from django.http import FileResponse

from accounts.services import api_key_get_or_create
from competitions.models import DataArchive, DataFile
from competitions.services import data_file_add, downloads, rules_accept
from competitions.services.downloads import data_archive_build, data_archive_request, data_version
from tests.factories import CompetitionFactory

pytestmark = pytest.mark.django_db

ALL = "/competitions/tiny/data/download-all/"
KAGGLE_ALL = "/api/v1/kaggle/data/tiny/tiny.zip"


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """Requests the zip of the current data version and runs what commits would run (the eager build task)."""
    def run(competition) -> DataArchive:
        with django_capture_on_commit_callbacks(execute=True):
            archive = data_archive_request(competition=competition)
        archive.refresh_from_db()
        return archive
    return run


def _read(field_file) -> bytes:
    with field_file.storage.open(field_file.name, "rb") as handle:
        return handle.read()


def _stored_files(competition) -> dict[str, bytes]:
    return {f.name: _read(f.file) for f in competition.data_files.all()}


def _zip_contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _fetch(client, url: str, **extra):
    """The response and its whole body (reading a streamed file to its end closes it)."""
    response = client.get(url, **extra)
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def _kaggle_headers(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key_get_or_create(user=user).key}"}


def test_it_zips_exactly_the_data_files(build, competition):
    data_file_add(competition=competition, name="train/0001.jpg", content=b"\xff\xd8 not really a jpeg")

    archive = build(competition)

    stored = _read(archive.file)
    assert archive.is_ready and archive.file_count == 3 and archive.size == len(stored)
    assert _zip_contents(stored) == _stored_files(competition)


def test_the_zip_lives_in_the_private_storage(build, competition, settings):
    archive = build(competition)

    assert archive.file.storage.location == str(settings.PRIVATE_ROOT)
    assert not archive.file.path.startswith(str(settings.MEDIA_ROOT))


def test_files_added_in_one_transaction_queue_one_build(django_capture_on_commit_callbacks, monkeypatch):
    competition = CompetitionFactory(slug="fresh")
    published = []
    publish = downloads.data_archive_publish
    monkeypatch.setattr(downloads, "data_archive_publish", lambda **kw: published.append(kw) or publish(**kw))

    with django_capture_on_commit_callbacks(execute=True):
        for index in range(5):
            data_file_add(competition=competition, name=f"part{index}.csv", content=b"a,b\n%d,2\n" % index)

    assert len(published) == 1
    archive = DataArchive.objects.get(competition=competition)
    assert archive.is_ready and archive.file_count == 5


def test_a_replaced_file_makes_a_new_version_etag_and_zip(build, client, competition, user):
    rules_accept(competition=competition, user=user)
    client.force_login(user)
    first = build(competition)
    old_etag = _fetch(client, ALL)[0]["ETag"]

    DataFile.objects.get(competition=competition, name="train.csv").delete()
    data_file_add(competition=competition, name="train.csv", content=b"ID,feature,target\ny,2.0,1\n")
    second = build(competition)
    response, body = _fetch(client, ALL)

    assert second.version != first.version and response["ETag"] == second.etag != old_etag
    assert _zip_contents(body)["train.csv"] == b"ID,feature,target\ny,2.0,1\n"
    assert not DataArchive.objects.filter(pk=first.pk).exists()  # one zip per version: the old one is gone
    assert not first.file.storage.exists(first.file.name)


def test_a_removed_file_changes_the_version(competition):
    before = data_version(competition=competition)
    DataFile.objects.get(competition=competition, name="train.csv").delete()
    assert data_version(competition=competition) not in (before, "")


def test_a_description_change_keeps_the_version(competition):
    before = data_version(competition=competition)
    DataFile.objects.filter(competition=competition).update(description="Now described.")
    assert data_version(competition=competition) == before


def test_the_portal_streams_the_zip_with_size_and_etag(build, client, competition, user):
    rules_accept(competition=competition, user=user)
    archive = build(competition)
    client.force_login(user)

    response, body = _fetch(client, ALL)

    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert int(response["Content-Length"]) == archive.size and response["ETag"] == archive.etag
    assert 'filename="tiny.zip"' in response["Content-Disposition"]
    assert _zip_contents(body) == _stored_files(competition)


def test_if_none_match_gives_304(build, client, competition, user):
    rules_accept(competition=competition, user=user)
    archive = build(competition)
    client.force_login(user)

    response = client.get(ALL, HTTP_IF_NONE_MATCH=archive.etag)

    assert response.status_code == 304 and response["ETag"] == archive.etag and not response.content
    assert _fetch(client, ALL, HTTP_IF_NONE_MATCH='"an-older-version"')[0].status_code == 200


def test_no_zip_without_the_rules(build, client, competition, user):
    build(competition)
    assert "/accounts/login/" in client.get(ALL)["Location"]

    client.force_login(user)
    refused = client.get(ALL)
    kaggle = client.get(KAGGLE_ALL, **_kaggle_headers(user))

    assert refused.status_code == 302 and refused["Location"] == "/competitions/tiny/rules/"
    assert kaggle.status_code == 403 and "accept the rules" in kaggle.json()["message"]


def test_the_data_tab_offers_the_zip_with_its_count_and_size(build, client, competition, user):
    rules_accept(competition=competition, user=user)
    archive = build(competition)
    client.force_login(user)

    page = client.get("/competitions/tiny/data/").content.decode()

    assert f'href="{ALL}"' in page and f"Download all (2 files, {archive.size} B)" in page


def test_while_the_zip_is_built_the_tab_and_the_links_say_so(client, competition, user):
    rules_accept(competition=competition, user=user)  # the zip is requested, and the (captured) commit never runs
    client.force_login(user)

    page = client.get("/competitions/tiny/data/").content.decode()
    portal = client.get(ALL, follow=True)
    kaggle = client.get(KAGGLE_ALL, **_kaggle_headers(user))

    assert "being built" in page and f'href="{ALL}"' not in page
    assert "still being built" in portal.content.decode()
    assert kaggle.status_code == 503 and kaggle["Retry-After"] == "30" and "being built" in kaggle.json()["message"]


def test_the_data_tab_does_not_build_zips_for_visitors_without_the_rules(client, competition, user):
    client.force_login(user)
    page = client.get("/competitions/tiny/data/").content.decode()
    assert "Download all" not in page and not DataArchive.objects.exists()


def test_the_kaggle_download_all_streams_the_stored_zip(build, client, competition, user):
    rules_accept(competition=competition, user=user)
    archive = build(competition)

    response, body = _fetch(client, KAGGLE_ALL, **_kaggle_headers(user))

    assert response.status_code == 200 and isinstance(response, FileResponse)
    assert int(response["Content-Length"]) == archive.size and response["ETag"] == archive.etag
    assert body == _read(archive.file)


def test_building_and_serving_never_hold_the_data_in_memory(build, client, competition, user):
    size = 24 * 1024 * 1024
    data_file_add(competition=competition, name="big.csv", content=os.urandom(size))
    rules_accept(competition=competition, user=user)
    client.force_login(user)

    tracemalloc.start()
    try:
        archive = build(competition)
        _, build_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        response = client.get(ALL)
        streamed = sum(len(chunk) for chunk in response.streaming_content)
        _, serve_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert streamed == archive.size > size
    assert build_peak < size / 4 and serve_peak < size / 4


def test_a_second_build_of_the_same_version_does_nothing(build, competition):
    archive = build(competition)
    assert data_archive_build(archive_id=archive.pk) is False
    assert DataArchive.objects.get(pk=archive.pk).built_at == archive.built_at


def test_a_build_for_data_that_changed_since_is_dropped(competition):
    archive = data_archive_request(competition=competition, publish=False)
    data_file_add(competition=competition, name="late.csv", content=b"x\n1\n")

    assert data_archive_build(archive_id=archive.pk) is False
    assert not DataArchive.objects.filter(pk=archive.pk).exists()


def test_the_command_builds_zips_for_competitions_loaded_before(competition):
    out = io.StringIO()
    call_command("build_data_archives", "tiny", stdout=out)

    archive = DataArchive.objects.get(competition=competition)
    assert archive.is_ready and "tiny: 2 files" in out.getvalue()
    with pytest.raises(Exception, match="nope"):
        call_command("build_data_archives", "nope")


def test_the_rest_api_serves_the_zip_to_those_who_accepted_the_rules(api_client, competition, user,
                                                                     django_capture_on_commit_callbacks):
    url = "/api/v1/competitions/tiny/data-archive/"
    api_client.force_authenticate(user=user)
    assert api_client.get(url).json()["error"]["code"] == "rules_not_accepted"

    rules_accept(competition=competition, user=user)
    with django_capture_on_commit_callbacks(execute=True):  # the first ask queues the build; its commit runs it
        building = api_client.get(url)
    archive = DataArchive.objects.get(competition=competition)
    response, body = _fetch(api_client, url)

    assert building.status_code == 202 and building["Retry-After"] == "30"
    assert building.json()["status"] == "queued" and "being built" in building.json()["message"]
    assert response.status_code == 200 and response["ETag"] == archive.etag and body == _read(archive.file)
    assert api_client.get(url, HTTP_IF_NONE_MATCH=archive.etag).status_code == 304


def test_a_request_lost_with_the_broker_is_published_again_by_the_next_visit(build, competition, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    from competitions import tasks

    def broker_down(*args, **kwargs):
        raise OSError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(tasks.task_build_data_archive, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            archive = data_archive_request(competition=competition)
    assert DataArchive.objects.get(pk=archive.pk).status == DataArchive.Status.QUEUED

    assert build(competition).is_ready  # the broker is back: the next request publishes it


def test_deleting_a_competition_deletes_its_zip(build, competition, django_capture_on_commit_callbacks):
    archive = build(competition)
    with django_capture_on_commit_callbacks(execute=True):
        competition.delete()
    assert not archive.file.storage.exists(archive.file.name)
