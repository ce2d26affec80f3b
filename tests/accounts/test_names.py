"""Usernames and team names: NFKC, nothing invisible or text-direction, nothing that reads as Podium's own."""

import pytest

from accounts.names import NameRefused, name_check, name_skeleton
from competitions.models import Team
from competitions.services import rules_accept
from competitions.services.baselines import baseline_team, bot_user
from competitions.services.teams import TeamError, team_of, team_rename
from tests.factories import UserFactory

INVISIBLE = ["al\u200bice", "al\u200dice", "\u2066alice\u2069", "bob\u202eevil", "\ufeffalice", "a\u00adlice",
             "\u3164", "alice\u2800", "ali\x07ce"]
IMITATIONS = ["Baseline", "BASELINE", "Ваseline", "b4seline", "Trivial baseline: all zeros", "ＨＯＳＴ", "h0st",
              "p o d i u m", "Podium", "adm1n", "Admin", "the-admin", "root", "Staff"]
FINE = ["alice", "Kim Min-jun", "김민준", "Ünïcode Team", "hostile takeover", "admins-of-nothing2", "team 42"]


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_and_direction_characters_are_refused(name):
    with pytest.raises(NameRefused, match="invisible or text-direction"):
        name_check(name)


@pytest.mark.parametrize("name", IMITATIONS)
def test_names_that_read_as_reserved_ones_are_refused(name):
    with pytest.raises(NameRefused, match="reserved"):
        name_check(name)


@pytest.mark.parametrize("name", FINE)
def test_ordinary_names_pass(name):
    assert name_check(name) == name


def test_names_are_nfkc_with_white_space_folded():
    assert name_check("  ｔｅａｍ\u3000ﬁve  ") == "team five"


def test_look_alike_names_share_a_skeleton():
    assert name_skeleton("ALICE") == name_skeleton("Аlice") == name_skeleton("alice")  # Cyrillic А
    assert name_skeleton("Team A") != name_skeleton("Team 4")


@pytest.fixture
def leader(competition):
    user = UserFactory(username="leader")
    rules_accept(competition=competition, user=user)
    return user


@pytest.mark.parametrize("name", ["Trivial baseline: all zeros", "Тrivial Baseline", "Host", "al\u200bpha"])
def test_a_participant_team_cannot_pass_for_the_baseline_or_hide_characters(competition, leader, name):
    with pytest.raises(TeamError):
        team_rename(team=team_of(competition=competition, user=leader), actor=leader, name=name)


def test_a_team_name_that_looks_like_another_teams_is_taken(competition, leader):
    rival = UserFactory(username="rival")
    rules_accept(competition=competition, user=rival)
    team_rename(team=team_of(competition=competition, user=rival), actor=rival, name="Deep Owls")

    with pytest.raises(TeamError, match="looks the same"):
        team_rename(team=team_of(competition=competition, user=leader), actor=leader, name="DEEP Оwls")


def test_a_team_name_is_stored_in_its_canonical_form(competition, leader):
    team = team_rename(team=team_of(competition=competition, user=leader), actor=leader, name="  Ｄeep   Owls ")
    assert team.name == "Deep Owls"


def test_the_baseline_team_itself_keeps_its_reserved_name(competition):
    team = baseline_team(competition=competition, user=bot_user("baseline-bot"), name="Trivial baseline: all zeros")
    assert team.kind == Team.Kind.BASELINE and team.name == "Trivial baseline: all zeros"


def _signup(client, username: str):
    return client.post("/accounts/signup/", {"username": username, "email": "new@example.com",
                                             "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"})


@pytest.mark.parametrize(("username", "message"), [("baseline-b0t", "reserved"), ("ad\u200bmin", "invisible"),
                                                   ("Podium", "reserved")])
def test_signup_refuses_reserved_and_invisible_usernames(client, db, username, message):
    response = _signup(client, username)
    assert response.status_code == 200 and message in response.content.decode()


def test_signup_stores_the_nfkc_username(client, db):
    from django.contrib.auth import get_user_model

    assert _signup(client, "ｎｅｗｃｏｍｅｒ").status_code == 302
    assert get_user_model().objects.filter(username="newcomer").exists()


def test_signup_refuses_a_look_alike_of_an_existing_username(client, db):
    UserFactory(username="alice")
    response = _signup(client, "Аlice")  # Cyrillic А
    assert response.status_code == 200 and "looks the same as the name of another account" in response.content.decode()
