"""`manage.py seed_demo` (what `make run` runs): the three reference competitions and their baseline rows."""

import io

import pytest
from django.core.management import call_command

from baselines.demo_data import SLUGS
from competitions.models import Competition, LeaderboardEntry, Submission, Team
from competitions.selectors import leaderboard_page

# Eager Celery (test settings) scores each baseline when its upload commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_it_generates_loads_and_scores_the_reference_competitions_once(var_dir):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert "Generating" in out.getvalue()
    assert set(SLUGS.values()) | {"playground-weather"} == set(Competition.objects.values_list("slug", flat=True))
    assert sorted(p.name for p in (var_dir / "demo_bundles").iterdir()) == sorted(SLUGS.values())
    for slug in SLUGS.values():
        competition = Competition.objects.get(slug=slug)
        team = competition.teams.get()
        assert team.kind == Team.Kind.BASELINE and team.leader.username == "baseline-bot"
        assert team.name.startswith("Trivial baseline")
        submission = team.submissions.get()
        assert submission.status == Submission.Status.SCORED, submission.error_message
        rows = LeaderboardEntry.objects.filter(competition=competition, team=team)
        assert {row.split for row in rows} == {"public", "private"} and not any(row.is_ranked for row in rows)
        board = leaderboard_page(competition=competition, split="public")
        assert [(row.team, row.rank) for row in board.rows] == [(team, None)] and board.ranked_count == 0
        print(f"{slug}: {team.name} scored {board.rows[0].score:.4f} on the public board")

    again = io.StringIO()
    call_command("seed_demo", stdout=again)

    assert "Generating" not in again.getvalue() and "already submitted" in again.getvalue()
    assert Submission.objects.count() == 3 and Competition.objects.count() == 4


def test_it_can_leave_the_reference_competitions_out(var_dir):
    call_command("seed_demo", "--no-reference", stdout=io.StringIO())

    assert list(Competition.objects.values_list("slug", flat=True)) == ["playground-weather"]
    assert not (var_dir / "demo_bundles").exists()


def test_reference_bot_gets_a_baseline_team_in_each_reference_competition_and_submits_over_http(var_dir,
                                                                                                live_server):
    from baselines.common import SubmitError, submit_file
    from baselines.trivial import cv_all_zeros

    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("reference_bot", stdout=out)
    key = out.getvalue().strip()
    submission_file = var_dir / "submission.csv"
    submission_file.write_bytes(cv_all_zeros(var_dir / "demo_bundles" / SLUGS["cv"]))

    submission = submit_file(submission_file, server=live_server.url, competition=SLUGS["cv"],
                             description="reference run", api_key=key, wait_seconds=30)

    assert submission["status"] == "scored" and submission["public_score"] is not None
    teams = Team.objects.filter(memberships__user__username="reference-bot")
    assert {team.competition.slug for team in teams} == set(SLUGS.values())
    assert all(team.kind == Team.Kind.BASELINE and team.name.startswith("Reference baseline") for team in teams)
    row = LeaderboardEntry.objects.get(team__in=teams, split="public")
    assert row.submission.description == "reference run" and not row.is_ranked
    call_command("reference_bot", stdout=io.StringIO())  # idempotent: same teams, same key
    assert teams.count() == 3
    with pytest.raises(SubmitError, match="HTTP 401"):
        submit_file(submission_file, server=live_server.url, competition=SLUGS["cv"], description="",
                    api_key="not-a-key")
    with pytest.raises(SubmitError, match="HTTP 404"):
        submit_file(submission_file, server=live_server.url, competition="no-such-competition", description="",
                    api_key=key)


def test_reference_bot_needs_the_reference_competitions(var_dir):
    from django.core.management.base import CommandError

    call_command("seed_demo", "--no-reference", stdout=io.StringIO())

    with pytest.raises(CommandError, match="not loaded; run `make run`"):
        call_command("reference_bot", stdout=io.StringIO())
