"""Finalization: only after the end and with nothing left to score; it freezes the result until a recorded reopen."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from accounts.services import api_key_get_or_create
from competitions.models import Competition, CompetitionEvent, LeaderboardEntry, Submission
from competitions.services import rules_accept, solution_set
from competitions.services.leaderboards import (
    CompetitionFinalized,
    FinalizeRefused,
    competition_finalize,
    competition_reopen,
)
from competitions.services.submissions import SubmissionRefused, submission_create, submission_rescore
from competitions.services.teams import team_of, team_set_disqualified
from competitions.tasks import task_score_submission

from ..factories import CompetitionFactory, UserFactory, end_competition

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(rb"[A-Za-z0-9]{64}")
# The header's countdowns (time left, the next daily reset while uploads are taken) are not results: they move
COUNTDOWN = re.compile(rb'<p class="countdown".*?</p>', re.S)
# "now", "3 seconds ago", "1 day, 2 hours ago": relative times move with the clock between two reads.
RELATIVE_TIME = re.compile(rb"\b(?:\d+|an?)\xc2?\xa0?\s?(?:second|minute|hour|day|week|month|year)s?"
                           rb"(?:,\s(?:\d+|an?)\xc2?\xa0?\s?\w+)?\s(?:ago|from now)\b|\bnow\b")
ROWS = 20
ANSWERS = [i % 3 for i in range(ROWS)]
SOLUTION = ("ID,target,Usage\n" + "".join(f"r{i},{a},{'Public' if i % 2 else 'Private'}\n"
                                          for i, a in enumerate(ANSWERS))).encode()


def _file(correct: int) -> bytes:
    """Right on the first `correct` rows, wrong on the rest."""
    return ("ID,target\n" + "".join(f"r{i},{a if i < correct else (a + 1) % 3}\n"
                                    for i, a in enumerate(ANSWERS))).encode()


def _submit(competition, user, data: bytes) -> Submission:
    submission, _ = submission_create(competition=competition, user=user, data=data, filename="s.csv")
    task_score_submission.apply(args=[submission.pk])
    return Submission.objects.get(pk=submission.pk)


@pytest.fixture
def season(db):
    """Five teams, ranked by how many rows they got right; the fourth is the one that later tries to cheat."""
    competition = CompetitionFactory(slug="season", metric_params={"labels": [0, 1, 2]}, late_submissions_enabled=False)
    solution_set(competition=competition, content=SOLUTION)
    users = [UserFactory(username=f"player{rank}") for rank in range(1, 6)]
    for user, correct in zip(users, (20, 16, 12, 8, 4)):
        rules_accept(competition=competition, user=user)
        _submit(competition, user, _file(correct))
    return competition, users


def _private_board(competition) -> list[tuple[str, int, str, float]]:
    rows = (LeaderboardEntry.objects.filter(competition=competition, split="private", final_rank__isnull=False)
            .order_by("final_rank"))
    return [(row.team.name, row.final_rank, row.medal, row.score) for row in rows]


def _everything_participants_read(competition, user) -> dict:
    browser = Client()
    browser.force_login(user)
    key = api_key_get_or_create(user=user).key
    pages = {
        "board": browser.get(f"/competitions/{competition.slug}/leaderboard/?split=private").content,
        "csv": browser.get(f"/competitions/{competition.slug}/leaderboard.csv?split=private").content,
        "profile": browser.get(f"/users/{user.username}/").content,
        "api": Client().get(f"/api/v1/competitions/{competition.slug}/leaderboard/?split=private",
                            HTTP_AUTHORIZATION=f"Token {key}").content,
    }
    # A fresh CSRF token every request; the countdown and relative times follow the clock, not the board.
    return {name: RELATIVE_TIME.sub(b"(when)", COUNTDOWN.sub(b"", CSRF_TOKEN.sub(b"csrf", page)))
            for name, page in pages.items()}


def test_finalizing_before_the_end_is_refused_with_the_end_date(season):
    competition, _ = season
    with pytest.raises(FinalizeRefused, match="it can be finalized only after the end"):
        competition_finalize(competition=competition)
    assert Competition.objects.get(pk=competition.pk).finalized_at is None


def test_finalizing_with_submissions_still_queued_is_refused_with_the_count(season):
    competition, users = season
    for user in users[:2]:
        submission_create(competition=competition, user=user, data=_file(3), filename="s.csv")  # never scored
    end_competition(competition)

    with pytest.raises(FinalizeRefused, match="2 submission\\(s\\) of .* are still queued or being scored"):
        competition_finalize(competition=competition)


def test_the_final_result_is_frozen_against_a_late_perfect_file(season, settings):
    """The scenario that went wrong: after finalization the 4th team uploaded a perfect file and went to #1."""
    competition, users = season
    end_competition(competition)
    competition_finalize(competition=competition)
    frozen, seen_before = _private_board(competition), _everything_participants_read(competition, users[3])
    assert [(name, rank) for name, rank, _, _ in frozen][:4] == [
        ("player1", 1), ("player2", 2), ("player3", 3), ("player4", 4)]
    assert [medal for _, _, medal, _ in frozen] == ["silver", "bronze", "", "", ""]  # five teams: Kaggle's table

    with pytest.raises(SubmissionRefused, match="has ended and does not accept late submissions"):
        submission_create(competition=competition, user=users[3], data=_file(ROWS), filename="perfect.csv")
    rest = Client().post(f"/api/v1/competitions/{competition.slug}/submissions/", {"file": _upload(_file(ROWS))},
                         HTTP_AUTHORIZATION=f"Token {api_key_get_or_create(user=users[3]).key}")
    assert rest.status_code == 403 and "late submissions" in rest.json()["error"]["message"]
    cli = Client().post("/api/v1/competitions.CompetitionApiService/StartSubmissionUpload",
                        {"competitionName": competition.slug, "contentLength": 300, "fileName": "perfect.csv"},
                        content_type="application/json",
                        HTTP_AUTHORIZATION=f"Token {api_key_get_or_create(user=users[3]).key}")
    assert cli.status_code == 403 and "late submissions" in cli.json()["message"]

    Competition.objects.filter(pk=competition.pk).update(late_submissions_enabled=True)
    competition.refresh_from_db()
    late = _submit(competition, users[3], _file(ROWS))
    assert late.is_late and late.status == Submission.Status.SCORED  # scored, shown to its team, never ranked

    assert _private_board(competition) == frozen
    assert _everything_participants_read(competition, users[3]) == seen_before


def test_rescoring_or_disqualifying_needs_a_reopen_which_is_recorded_and_shown(season):
    competition, users = season
    end_competition(competition)
    competition_finalize(competition=competition, actor=users[0])
    winner = team_of(competition=competition, user=users[0])
    host = UserFactory(username="staff")

    with pytest.raises(CompetitionFinalized):
        team_set_disqualified(team=winner, actor=host, disqualified=True)
    with pytest.raises(CompetitionFinalized):
        submission_rescore(submission=winner.submissions.get())
    with pytest.raises(FinalizeRefused, match="at least 10 characters"):
        competition_reopen(competition=competition, actor=host, reason="because")

    competition_reopen(competition=competition, actor=host, reason="player1 shared code privately (rule 3)")
    team_set_disqualified(team=winner, actor=host, disqualified=True)
    competition_finalize(competition=competition, actor=host)

    assert [name for name, *_ in _private_board(competition)][:2] == ["player2", "player3"]
    event = CompetitionEvent.objects.filter(competition=competition, kind="reopened").get()
    assert (event.actor, event.reason) == (host, "player1 shared code privately (rule 3)")
    board = Client().get(f"/competitions/{competition.slug}/leaderboard/").content.decode()
    assert "Reopened by staff" in board and "player1 shared code privately (rule 3)" in board


def test_phases_follow_the_timeline_and_the_finalization(season):
    competition, _ = season
    assert competition.phase == "active"
    Competition.objects.filter(pk=competition.pk).update(start_at=timezone.now() + dt.timedelta(days=1),
                                                         end_at=timezone.now() + dt.timedelta(days=2))
    competition.refresh_from_db()
    assert competition.phase == "upcoming"
    end_competition(competition)
    assert competition.phase == "ended"
    competition_finalize(competition=competition)
    competition.refresh_from_db()
    assert (competition.phase, competition.phase_label) == ("completed", "Completed")
    Competition.objects.filter(pk=competition.pk).update(is_published=False)
    competition.refresh_from_db()
    assert competition.phase == "draft"


def test_the_admin_previews_the_frozen_result_and_only_the_competitions_host_can_finalize(season, client):
    competition, users = season
    end_competition(competition)
    own_host, other_host = UserFactory(username="own", is_staff=True), UserFactory(username="other", is_staff=True)
    _grant_competition_admin(own_host, other_host)
    competition.hosts.add(own_host)
    url = f"/admin/competitions/competition/{competition.pk}/finalize/"

    client.force_login(other_host)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(own_host)
    preview = client.get(url).content.decode()
    assert "player1" in preview and "Silver" in preview and "Finalize and publish these results" in preview
    assert Competition.objects.get(pk=competition.pk).finalized_at is None  # a preview changes nothing

    client.post(url)

    assert Competition.objects.get(pk=competition.pk).finalized_at is not None
    assert CompetitionEvent.objects.get(competition=competition, kind="finalized").actor == own_host


def _grant_competition_admin(*users) -> None:
    from django.contrib.auth.models import Permission

    permissions = Permission.objects.filter(content_type__app_label="competitions",
                                            codename__in=["view_competition", "change_competition"])
    for user in users:
        user.user_permissions.add(*permissions)


def _upload(data: bytes):
    import io

    handle = io.BytesIO(data)
    handle.name = "perfect.csv"
    return handle
