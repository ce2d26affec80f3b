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
