import pytest
from rest_framework import status

from competitions.models import RulesAcceptance
from competitions.services import rules_accept

from ..factories import CompetitionFactory

pytestmark = pytest.mark.django_db


def test_it_lists_published_competitions_to_anyone(api_client, competition):
    CompetitionFactory(slug="draft", is_published=False)

    response = api_client.get("/api/v1/competitions/")

    assert response.status_code == status.HTTP_200_OK
    assert [c["slug"] for c in response.data] == ["tiny"]
    assert response.data[0]["metric"] == "macro_f1"
    assert response.data[0]["phase"] == "active"


def test_it_shows_drafts_to_their_hosts_only(api_client, host, other_user):
    draft = CompetitionFactory(slug="draft", is_published=False)
    draft.hosts.add(other_user)

    api_client.force_authenticate(other_user)
    assert api_client.get("/api/v1/competitions/draft/").status_code == status.HTTP_200_OK
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/competitions/draft/").status_code == status.HTTP_404_NOT_FOUND


def test_it_lists_competitions_without_extra_queries_per_row(api_client, django_assert_max_num_queries):
    CompetitionFactory.create_batch(5)
    with django_assert_max_num_queries(2):
        api_client.get("/api/v1/competitions/")


def test_detail_says_whether_the_rules_are_accepted(api_client, competition, user):
    api_client.force_authenticate(user)
    assert api_client.get("/api/v1/competitions/tiny/").data["rules_accepted"] is False

    response = api_client.post("/api/v1/competitions/tiny/rules/accept/")

    assert response.status_code == status.HTTP_200_OK
    assert api_client.get("/api/v1/competitions/tiny/").data["rules_accepted"] is True


def test_accepting_twice_keeps_one_acceptance(api_client, competition, user):
    api_client.force_authenticate(user)
    api_client.post("/api/v1/competitions/tiny/rules/accept/")
    api_client.post("/api/v1/competitions/tiny/rules/accept/")
    assert RulesAcceptance.objects.filter(user=user).count() == 1


def test_accepting_needs_an_account(api_client, competition):
    response = api_client.post("/api/v1/competitions/tiny/rules/accept/")
    assert response.status_code == status.HTTP_401_UNAUTHORIZED
    assert response.data["error"]["code"] == "not_authenticated"


def test_it_lists_data_files_with_sizes(api_client, competition):
    response = api_client.get("/api/v1/competitions/tiny/data/")
    assert {f["name"]: f["size"] for f in response.data} == {"sample_submission.csv": 26, "train.csv": 26}


def test_download_is_refused_until_the_rules_are_accepted(api_client, competition, user):
    api_client.force_authenticate(user)

    response = api_client.get("/api/v1/competitions/tiny/data/train.csv")

    assert response.status_code == status.HTTP_403_FORBIDDEN
    assert response.data["error"] == {
        "status": 403, "code": "rules_not_accepted",
        "message": "Accept the rules of 'Tiny' before downloading its data."}


def test_download_returns_the_file_once_the_rules_are_accepted(api_client, competition, user):
    rules_accept(competition=competition, user=user)
    api_client.force_authenticate(user)

    response = api_client.get("/api/v1/competitions/tiny/data/train.csv")

    assert response.status_code == status.HTTP_200_OK
    assert b"".join(response.streaming_content) == b"ID,feature,target\nx,1.0,0\n"
    assert response["Content-Disposition"] == 'attachment; filename="train.csv"'


def test_unknown_file_is_a_404_with_the_error_body(api_client, competition, user):
    rules_accept(competition=competition, user=user)
    api_client.force_authenticate(user)

    response = api_client.get("/api/v1/competitions/tiny/data/nope.csv")

    assert response.status_code == status.HTTP_404_NOT_FOUND
    assert response.data["error"]["message"] == "Competition 'tiny' has no data file 'nope.csv'."


def test_unknown_api_path_gets_a_json_404(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_openapi_schema_describes_the_endpoints(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/competitions/{slug}/data/{name}" in paths
    assert "/api/v1/competitions/{slug}/rules/accept/" in paths


def test_swagger_ui_renders(client):
    assert client.get("/api/v1/docs/").status_code == 200


def test_download_resumes_from_a_byte_offset(api_client, competition, user):
    rules_accept(competition=competition, user=user)
    api_client.force_authenticate(user)

    response = api_client.get("/api/v1/competitions/tiny/data/train.csv", HTTP_RANGE="bytes=18-")

    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"x,1.0,0\n"
    assert response["Content-Range"] == "bytes 18-25/26"
    assert response["Accept-Ranges"] == "bytes" and response["Last-Modified"].endswith("GMT")
