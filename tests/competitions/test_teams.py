import datetime as dt

import pytest
from django.utils import timezone

from competitions.models import Submission, TeamMembership
from competitions.services import rules_accept
from competitions.services.teams import (
    TeamError,
    team_invite,
    team_merge,
    team_of,
    team_request_decide,
    team_request_join,
)

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(competition):
    user = UserFactory(username="alice")
    rules_accept(competition=competition, user=user)
    return user


@pytest.fixture
def bob(competition):
    user = UserFactory(username="bob")
    rules_accept(competition=competition, user=user)
    return user


def test_accepting_the_rules_makes_a_team_of_one(competition, alice):
    team = team_of(competition=competition, user=alice)
    assert team.name == "alice" and team.leader == alice
    assert team.events.get().text == "alice created the team."


def test_no_team_after_the_entry_deadline(competition):
    competition.entry_deadline = timezone.now() - dt.timedelta(minutes=1)
    competition.save()
    late = UserFactory(username="late")
    rules_accept(competition=competition, user=late)
    assert team_of(competition=competition, user=late) is None


def test_an_accepted_invitation_merges_the_invitees_team(competition, alice, bob):
    request = team_invite(team=team_of(competition=competition, user=alice), actor=alice, invitee=bob)
    team_request_decide(request=request, actor=bob, accept=True)

    team = team_of(competition=competition, user=bob)
    assert team.name == "alice"
    assert TeamMembership.objects.filter(team=team, left_at__isnull=True).count() == 2
    assert "merged into this team" in team.events.last().text


def test_only_the_leader_answers_a_join_request(competition, alice, bob):
    request = team_request_join(team=team_of(competition=competition, user=alice), actor=bob)
    with pytest.raises(TeamError, match="Only the invited user or the team leader"):
        team_request_decide(request=request, actor=bob, accept=True)


def test_a_merge_over_the_size_limit_is_refused(competition, alice, bob):
    competition.max_team_size = 1
    competition.save()
    with pytest.raises(TeamError, match="would have 2 members; the maximum is 1"):
        team_merge(source=team_of(competition=competition, user=bob),
                   target=team_of(competition=competition, user=alice), actor=alice)


def test_a_merge_over_the_submission_count_rule_is_refused(competition, alice, bob):
    competition.daily_submission_limit, competition.start_at = 1, timezone.now() - dt.timedelta(hours=1)
    competition.save()
    for user in (alice, bob):
        team = team_of(competition=competition, user=user)
        Submission.objects.create(competition=competition, team=team, submitted_by=user, filename="s.csv", size=1,
                                  sha256="0" * 64, status=Submission.Status.SCORED)
    with pytest.raises(TeamError, match="Together the teams have made 2 submissions; a merged team may have at "
                                        "most 1 \\(1 a day × 1 day\\(s\\) since the start\\)"):
        team_merge(source=team_of(competition=competition, user=bob),
                   target=team_of(competition=competition, user=alice), actor=alice)


def test_a_merge_after_the_deadline_is_refused(competition, alice, bob):
    competition.team_merger_deadline = timezone.now() - dt.timedelta(minutes=1)
    competition.save()
    with pytest.raises(TeamError, match="merger deadline has passed"):
        team_merge(source=team_of(competition=competition, user=bob),
                   target=team_of(competition=competition, user=alice), actor=alice)


def test_the_team_page_shows_members_and_history(client, competition, alice):
    client.force_login(alice)
    html = client.get("/competitions/tiny/team/").content.decode()
    assert "alice created the team." in html and 'data-testid="team-name">alice<' in html
