import random

import pytest
from django.utils import timezone

from competitions.models import LeaderboardEntry, Score, Submission
from competitions.participation_views import csv_safe
from competitions.services import rules_accept
from competitions.services.leaderboards import (
    competition_finalize,
    leaderboard_rebuild,
    medal_cutoffs,
)
from competitions.services.submissions import (
    submission_claim,
    submission_rescore,
    submission_select,
    submission_store_scores,
)
from competitions.services.teams import team_of
from scoring.result import MetricResult

from ..factories import UserFactory, end_competition

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("teams", "gold", "silver", "bronze"), [
    (10, 1, 2, 4), (99, 9, 19, 39), (100, 10, 20, 40), (249, 10, 49, 99),
    (250, 10, 50, 100), (999, 11, 50, 100), (1000, 12, 50, 100), (5000, 20, 250, 500),
])
def test_medal_cutoffs_follow_kaggles_table(teams, gold, silver, bronze):
    assert medal_cutoffs(teams) == {"gold": gold, "silver": silver, "bronze": bronze}


@pytest.mark.parametrize(("value", "safe"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("team rocket", "team rocket"),
])
def test_csv_cells_cannot_become_formulas(value, safe):
    assert csv_safe(value) == safe


def _scored(team, user, public: float, private: float) -> Submission:
    submission = Submission.objects.create(competition=team.competition, team=team, submitted_by=user,
                                           filename="s.csv", size=1, sha256="0" * 64)
    token = submission_claim(submission_id=submission.pk)
    submission.claim_token = token
    submission_store_scores(submission=submission, results={"public": MetricResult(score=public),
                                                            "private": MetricResult(score=private)})
    return submission


def _snapshot(competition):
    return sorted(LeaderboardEntry.objects.filter(competition=competition)
                  .values_list("split", "team_id", "score", "submission_id", "entries"))


def test_boards_equal_a_full_recompute_after_random_scorings_rescorings_and_failures(competition):
    rng = random.Random(7)
    users = [UserFactory(username=f"p{i}") for i in range(12)]
    for user in users:
        rules_accept(competition=competition, user=user)
    submissions = []
    for _ in range(300):
        user = rng.choice(users)
        team = team_of(competition=competition, user=user)
        action = rng.random()
        if action < 0.6 or not submissions:
            submissions.append(_scored(team, user, rng.random(), rng.random()))
        elif action < 0.75:
            submission_rescore(submission=rng.choice(submissions))
        elif action < 0.9:
            failed = Submission.objects.create(competition=competition, team=team, submitted_by=user, filename="x",
                                               size=1, sha256="0" * 64, status=Submission.Status.ERROR)
            submissions.append(failed)
        else:
            choice = rng.choice(submissions)
            if choice.status == Submission.Status.SCORED:
                Submission.objects.filter(team=choice.team).update(is_selected=False)
                submission_select(submission=choice, user=choice.submitted_by, selected=True)
    materialized = _snapshot(competition)

    assert leaderboard_rebuild(competition=competition) == []
    assert _snapshot(competition) == materialized
    ranked_ids = set(LeaderboardEntry.objects.values_list("submission_id", flat=True))
    assert not Submission.objects.filter(pk__in=ranked_ids).exclude(status=Submission.Status.SCORED).exists()


def test_rebuild_reports_and_repairs_a_tampered_row(competition, user):
    rules_accept(competition=competition, user=user)
    _scored(team_of(competition=competition, user=user), user, 0.5, 0.4)
    LeaderboardEntry.objects.filter(split="public").update(score=0.99)

    differences = leaderboard_rebuild(competition=competition)

    assert len(differences) == 1 and "0.99" in differences[0]
    assert LeaderboardEntry.objects.get(split="public").score == 0.5


def test_ties_go_to_the_earlier_submission_and_late_ones_are_not_ranked(client, competition):
    first, second, late = (UserFactory(username=n) for n in ("first", "second", "late"))
    for u in (first, second, late):
        rules_accept(competition=competition, user=u)
    _scored(team_of(competition=competition, user=first), first, 0.5, 0.5)
    _scored(team_of(competition=competition, user=second), second, 0.5, 0.5)
    late_submission = _scored(team_of(competition=competition, user=late), late, 0.9, 0.9)
    Submission.objects.filter(pk=late_submission.pk).update(is_late=True)
    leaderboard_rebuild(competition=competition)

    rows = client.get("/api/v1/competitions/tiny/leaderboard/").data["rows"]

    assert [(r["rank"], r["team"]) for r in rows] == [(1, "first"), (2, "second")]


def test_finalizing_awards_medals_and_the_shake_up(competition):
    users = [UserFactory(username=f"t{i}") for i in range(10)]
    for i, user in enumerate(users):
        rules_accept(competition=competition, user=user)
        # Public order t9 > ... > t0; private order reversed.
        _scored(team_of(competition=competition, user=user), user, public=i / 10, private=1 - i / 10)

    end_competition(competition)

    competition_finalize(competition=competition)

    board = {e.team.name: e for e in LeaderboardEntry.objects.filter(split="private").select_related("team")}
    assert board["t0"].final_rank == 1 and board["t0"].public_rank == 10 and board["t0"].shake_up == 9
    assert board["t0"].medal == "gold" and board["t1"].medal == "silver" and board["t3"].medal == "bronze"
    assert board["t4"].medal == ""
    competition.refresh_from_db()
    assert competition.finalized_at <= timezone.now()


def test_private_scores_never_leak_before_finalization(client, competition, user):
    rules_accept(competition=competition, user=user)
    _scored(team_of(competition=competition, user=user), user, public=0.123456, private=0.654321)
    client.force_login(user)

    pages = [client.get(url).content.decode() for url in (
        "/competitions/tiny/leaderboard/", "/competitions/tiny/leaderboard/?split=private",
        "/competitions/tiny/submissions/", "/competitions/tiny/leaderboard.csv?split=public",
        "/api/v1/competitions/tiny/submissions/", "/api/v1/competitions/tiny/leaderboard/?split=private")]

    assert all("0.65432" not in page for page in pages)
    assert "0.12346" in pages[0]
    assert Score.objects.filter(split="private").exists()


def test_the_rebuild_command_reports_differences(competition, user, capsys):
    from django.core.management import call_command

    rules_accept(competition=competition, user=user)
    _scored(team_of(competition=competition, user=user), user, 0.5, 0.4)
    LeaderboardEntry.objects.filter(split="private").delete()

    call_command("rebuild_leaderboards", "tiny")

    out = capsys.readouterr().out
    assert "tiny private team" in out and "1 row(s) differed" in out
    assert LeaderboardEntry.objects.filter(split="private").count() == 1
