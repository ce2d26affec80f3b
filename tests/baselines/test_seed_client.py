"""What `make run` seeds: the generated reference competitions, loaded as bundles, and their trivial baseline rows
submitted from the baselines' side through `manage.py submit_baseline`."""

import io

import pytest
from django.core.management import call_command

from baselines import seed_client
from baselines.demo_data import SLUGS
from competitions.models import Competition, LeaderboardEntry, Submission, Team
from competitions.selectors import leaderboard_page

# Eager Celery (test settings) scores each baseline when its upload commits.
pytestmark = pytest.mark.django_db(transaction=True)


def in_process(args: list[str]) -> str:
    """`manage.py ARGS` against the test database (a subprocess would not see it)."""
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_trivial_rows_are_submitted_once_as_marked_unranked_baseline_teams(demo_root):
    call_command("seed_demo", "--bundles", str(demo_root), stdout=io.StringIO())

    reports = seed_client.submit_trivial(bundles=demo_root, manage=in_process)

    loaded = set(Competition.objects.values_list("slug", flat=True))
    assert set(SLUGS.values()) <= loaded  # beside the platform's own playground demos (open and finished)
    assert all(slug.startswith("playground-weather") for slug in loaded - set(SLUGS.values()))
    assert len(reports) == 3 and all(report.startswith("Submitted 'Trivial baseline") for report in reports)
    for slug in SLUGS.values():
        team = Competition.objects.get(slug=slug).teams.get()
        assert team.kind == Team.Kind.BASELINE and team.leader.username == "baseline-bot"
        submission = team.submissions.get()
        assert submission.status == Submission.Status.SCORED, submission.error_message
        rows = LeaderboardEntry.objects.filter(competition__slug=slug, team=team)
        assert {row.split for row in rows} == {"public", "private"} and not any(row.is_ranked for row in rows)
        board = leaderboard_page(competition=team.competition, split="public")
        assert [(row.team, row.rank) for row in board.rows] == [(team, None)] and board.ranked_count == 0
    again = seed_client.submit_trivial(bundles=demo_root, manage=in_process)
    assert all("already submitted" in report for report in again)
    assert Submission.objects.filter(competition__slug__in=SLUGS.values()).count() == 3


def test_only_the_generated_competitions_found_are_submitted(tmp_path):
    assert seed_client.submit_trivial(bundles=tmp_path, manage=in_process) == []


def test_the_reference_key_belongs_to_a_bot_with_a_team_in_each_reference_competition(demo_root, live_server):
    from baselines.common import submit_file
    from baselines.trivial import cv_all_zeros

    call_command("seed_demo", "--bundles", str(demo_root), stdout=io.StringIO())
    key = seed_client.reference_key(manage=in_process)
    submission_file = demo_root.parent / "reference-submission.csv"
    submission_file.write_bytes(cv_all_zeros(demo_root / SLUGS["cv"]))

    submission = submit_file(submission_file, server=live_server.url, competition=SLUGS["cv"],
                             description="reference run", api_key=key, wait_seconds=30)

    assert submission["status"] == "scored" and submission["public_score"] is not None
    teams = Team.objects.filter(memberships__user__username="reference-bot")
    assert {team.competition.slug for team in teams} == set(SLUGS.values())
    assert all(team.kind == Team.Kind.BASELINE and team.name.startswith("Reference baseline") for team in teams)
    assert seed_client.reference_key(manage=in_process) == key


def test_run_manage_runs_podiums_manage_py():
    assert "--team" in seed_client.run_manage(["help", "submit_baseline"])
