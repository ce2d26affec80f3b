import base64

import pytest
from rest_framework import status

from accounts.services import api_key_get_or_create

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def _basic(username: str, key: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{key}".encode()).decode()


def test_a_token_header_authenticates(api_client, user):
    key = api_key_get_or_create(user=user).key

    response = api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == status.HTTP_200_OK
    assert response.data["username"] == "participant"


def test_basic_username_and_key_authenticates(api_client, user):
    key = api_key_get_or_create(user=user).key
    response = api_client.get(ME, HTTP_AUTHORIZATION=_basic("participant", key))
    assert response.status_code == status.HTTP_200_OK


@pytest.mark.parametrize("header", [
    "Token 0123456789abcdef0123456789abcdef",
    "Bearer 0123456789abcdef0123456789abcdef",
    "Token",
    "Basic !!!not-base64!!!",
])
def test_a_wrong_or_malformed_key_gets_401(api_client, user, header):
    api_key_get_or_create(user=user)

    response = api_client.get(ME, HTTP_AUTHORIZATION=header)

    assert response.status_code == status.HTTP_401_UNAUTHORIZED
    assert response.data["error"]["code"] == "authentication_failed"
    assert response["WWW-Authenticate"]


def test_basic_with_the_account_password_is_refused(api_client, user):
    api_key_get_or_create(user=user)
    response = api_client.get(ME, HTTP_AUTHORIZATION=_basic("participant", "correct-horse-battery"))
    assert response.status_code == status.HTTP_401_UNAUTHORIZED


def test_basic_with_someone_elses_username_is_refused(api_client, user, other_user):
    key = api_key_get_or_create(user=user).key
    response = api_client.get(ME, HTTP_AUTHORIZATION=_basic("stranger", key))
    assert response.status_code == status.HTTP_401_UNAUTHORIZED


def test_an_inactive_users_key_is_refused(api_client, user):
    key = api_key_get_or_create(user=user).key
    user.is_active = False
    user.save()
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {key}").status_code == status.HTTP_401_UNAUTHORIZED


def test_no_credentials_gets_401(api_client):
    assert api_client.get(ME).status_code == status.HTTP_401_UNAUTHORIZED


def test_the_settings_page_shows_the_key(client, user):
    client.force_login(user)
    key = api_key_get_or_create(user=user).key

    response = client.get("/accounts/settings/")

    assert response.status_code == 200
    assert key in response.content.decode()


def test_regenerating_revokes_the_old_key(client, api_client, user):
    old = api_key_get_or_create(user=user).key
    client.force_login(user)

    response = client.post("/accounts/settings/api-key/regenerate/")

    new = api_key_get_or_create(user=user).key
    assert response.status_code == 302 and new != old
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {old}").status_code == status.HTTP_401_UNAUTHORIZED
    assert api_client.get(ME, HTTP_AUTHORIZATION=f"Token {new}").status_code == status.HTTP_200_OK


def test_regenerating_needs_a_post(client, user):
    client.force_login(user)
    assert client.get("/accounts/settings/api-key/regenerate/").status_code == 405


def test_the_settings_page_offers_kaggle_json(client, user):
    client.force_login(user)
    key = api_key_get_or_create(user=user).key

    response = client.get("/accounts/settings/kaggle.json")

    assert response.json() == {"username": "participant", "key": key}
    assert response["Content-Disposition"] == 'attachment; filename="kaggle.json"'
    assert "/accounts/settings/kaggle.json" in client.get("/accounts/settings/").content.decode()
