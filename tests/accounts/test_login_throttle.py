"""The login throttle counts per account and address, per address and per account, and an attacker cannot use it
to lock out the account's owner at another address or everyone behind the same proxy."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from accounts.client_address import client_address
from accounts.models import LoginFailure
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ATTACKER, OWNER, NEIGHBOUR = "203.0.113.66", "198.51.100.7", "192.0.2.10"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.PODIUM_LOGIN_LIMITS = {"account_address": (5, 900), "address": (8, 900), "account": (12, 3600)}
    settings.ACCOUNT_RATE_LIMITS = {"login": None}  # allauth's per-address cap on all login POSTs, not tested here


@pytest.fixture(autouse=True)
def people(db):
    """alice and bob have accounts; carol, dave, erin and frank are names an attacker guesses."""
    return [UserFactory(username=name) for name in ("alice", "bob")]


def log_in(client, username: str, password: str, address: str, **headers):
    client.logout()
    response = client.post(LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address, **headers)
    return response


def signed_in(response) -> bool:
    return response.status_code == 302


def fail(client, username: str, address: str, times: int) -> None:
    for _ in range(times):
        assert not signed_in(log_in(client, username, "wrong-password", address))


def test_the_right_password_from_another_address_still_works(client):
    fail(client, "alice", ATTACKER, 5)

    refused = log_in(client, "alice", PASSWORD, ATTACKER)
    owner = log_in(client, "alice", PASSWORD, OWNER)

    assert not signed_in(refused) and "Too many failed sign-ins" in refused.content.decode()
    assert signed_in(owner)


def test_the_refusal_says_when_to_try_again(client):
    fail(client, "alice", ATTACKER, 5)
    first_failure = LoginFailure.objects.order_by("created_at").first().created_at

    text = log_in(client, "alice", PASSWORD, ATTACKER).content.decode()

    assert "Try again in 15 minutes, at " + f"{first_failure + timedelta(seconds=900):%H:%M} UTC" in text


def test_one_account_locked_at_an_address_leaves_other_accounts_there_alone(client):
    fail(client, "alice", ATTACKER, 5)
    assert signed_in(log_in(client, "bob", PASSWORD, ATTACKER))


def test_an_address_spraying_many_accounts_is_refused_for_all_of_them(client):
    for name in ("alice", "carol", "dave", "erin"):
        fail(client, name, ATTACKER, 2)

    assert not signed_in(log_in(client, "bob", PASSWORD, ATTACKER))
    assert signed_in(log_in(client, "bob", PASSWORD, NEIGHBOUR))


def test_a_distributed_guess_refuses_only_addresses_that_failed(client):
    for n in range(12):
        fail(client, "alice", f"203.0.113.{n}", 1)

    assert not signed_in(log_in(client, "alice", PASSWORD, "203.0.113.3"))
    assert signed_in(log_in(client, "alice", PASSWORD, OWNER))


def test_the_same_account_spelled_another_way_shares_its_count(client):
    fail(client, "ALICE", ATTACKER, 3)
    fail(client, "alice@example.com", ATTACKER, 2)
    assert not signed_in(log_in(client, "alice", PASSWORD, ATTACKER))


def test_a_lockout_ends_by_itself(client):
    fail(client, "alice", ATTACKER, 5)
    LoginFailure.objects.update(created_at=timezone.now() - timedelta(seconds=901))

    assert signed_in(log_in(client, "alice", PASSWORD, ATTACKER))


def test_behind_a_trusted_proxy_each_client_has_its_own_address(client, settings):
    settings.PODIUM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = "10.0.0.2"
    for name in ("alice", "carol", "dave", "erin"):
        for _ in range(2):
            log_in(client, name, "wrong-password", proxy, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert set(LoginFailure.objects.values_list("address", flat=True)) == {ATTACKER}
    assert signed_in(log_in(client, "bob", PASSWORD, proxy, HTTP_X_FORWARDED_FOR=NEIGHBOUR))


def test_x_forwarded_for_is_ignored_from_an_untrusted_peer(settings):
    settings.PODIUM_TRUSTED_PROXIES = ["10.0.0.0/8"]
    spoofed = RequestFactory().get("/", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99")
    chained = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2",
                                   HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7, 10.0.0.9")
    garbled = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")

    assert client_address(spoofed) == ATTACKER
    assert client_address(chained) == "198.51.100.7"  # the right-most hop no trusted proxy vouches for
    assert client_address(garbled) == "10.0.0.2"


def test_without_trusted_proxies_the_header_is_never_believed(client):
    for n, name in enumerate(["carol", "dave", "erin", "frank"] * 2):
        log_in(client, name, "wrong-password", ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert not signed_in(log_in(client, "bob", PASSWORD, ATTACKER, HTTP_X_FORWARDED_FOR=NEIGHBOUR))


def test_the_admin_signs_in_through_the_throttled_form(client):
    fail(client, "alice", ATTACKER, 5)

    guess = client.post("/admin/login/", {"username": "alice", "password": PASSWORD}, REMOTE_ADDR=ATTACKER)

    assert guess.status_code == 302 and guess["Location"] == "/accounts/login/"
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith("/accounts/login/?next=")
