"""The hidden solution must be unreachable for participants: by URL guessing, through the API and in the admin."""

import pytest
from django.conf import settings

from competitions.services import rules_accept

pytestmark = pytest.mark.django_db

SOLUTION_MARKER = b"a,0,Public"


def _guesses(competition) -> list[str]:
    name = competition.solution.file.name
    return [
        f"/media/{name}", f"{settings.MEDIA_URL}{name}", f"/private/{name}", f"/private-not-served/{name}",
        competition.solution.file.url,
        f"/competitions/{competition.slug}/data/download/solution.csv",
        f"/competitions/{competition.slug}/data/download/../solution/solution.csv",
        f"/competitions/{competition.slug}/data/download/{name}",
        f"/api/v1/competitions/{competition.slug}/data/solution.csv",
        f"/api/v1/competitions/{competition.slug}/data/../solution/solution.csv",
        f"/api/v1/competitions/{competition.slug}/data/{name}",
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_no_url_serves_the_solution_to_a_participant(client, competition, user):
    rules_accept(competition=competition, user=user)
    client.force_login(user)
    for url in _guesses(competition):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert SOLUTION_MARKER not in _body(response), url


def test_the_api_never_mentions_the_solution(api_client, competition, user):
    rules_accept(competition=competition, user=user)
    api_client.force_authenticate(user)
    for url in ("/api/v1/competitions/", "/api/v1/competitions/tiny/", "/api/v1/competitions/tiny/data/"):
        body = api_client.get(url).content
        assert b"solution" not in body.lower(), url


def test_participants_cannot_open_the_admin(client, competition, user):
    client.force_login(user)
    url = f"/admin/competitions/competition/{competition.pk}/change/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_hosts_of_other_competitions_cannot_see_it_in_the_admin(client, competition, other_user):
    other_user.is_staff = True
    other_user.save()
    client.force_login(other_user)
    response = client.get(f"/admin/competitions/competition/{competition.pk}/change/")
    assert response.status_code in (302, 403, 404)


def test_the_admin_shows_the_host_the_split_but_never_a_link_to_the_file(admin_client, competition):
    response = admin_client.get(f"/admin/competitions/competition/{competition.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "4 rows: <strong>2</strong> public, <strong>2</strong> private." in html
    assert competition.solution.file.url not in html
