"""The seeding commands `make run` and `make baselines` use: bundles in, baseline rows as ordinary uploads."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from competitions.models import Competition, LeaderboardEntry, Submission, Team

# Eager Celery (test settings) scores a baseline when its upload commits.
pytestmark = pytest.mark.django_db(transaction=True)

PLAYGROUND = Path(__file__).resolve().parents[2] / "competitions" / "demo_bundles" / "playground"
SAMPLE = PLAYGROUND / "data" / "sample_submission.csv"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(tmp_path) -> Path:
    """A folder of bundles as `python -m baselines.demo_data --out DIR` leaves one: here a copy of the playground."""
    copy = tmp_path / "bundles" / "copied-playground"
    shutil.copytree(PLAYGROUND, copy)
    yaml = copy / "competition.yaml"
    yaml.write_text(yaml.read_text().replace("slug: playground-weather", "slug: copied-playground"))
    (tmp_path / "bundles" / ".generated").touch()
    return tmp_path / "bundles"


def test_seed_demo_loads_the_built_in_bundles_and_a_generated_folder_once(generated):
    run("seed_demo", "--bundles", str(generated))
    again = run("seed_demo", "--bundles", str(generated))

    from competitions.demo_archive import SLUG

    assert set(Competition.objects.values_list("slug", flat=True)) == {"playground-weather", "copied-playground",
                                                                       SLUG}
    assert "Competition 'copied-playground' already loaded." in again
    # The baseline rows come from the baselines side; only the finished demo competition has teams' uploads.
    assert not Submission.objects.exclude(competition__slug=SLUG).exists()


def test_seed_demo_names_the_generator_for_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="generate one with `python -m baselines.demo_data --out"):
        run("seed_demo", "--bundles", str(tmp_path / "nothing"))


def test_seed_demo_without_a_generated_folder_loads_the_built_in_bundles(settings, tmp_path):
    settings.VAR_DIR = tmp_path

    run("seed_demo")

    from competitions.demo_archive import SLUG

    assert set(Competition.objects.values_list("slug", flat=True)) == {"playground-weather", SLUG}


def test_submit_baseline_submits_once_as_a_marked_unranked_team():
    run("seed_demo", "--no-reference")

    said = run("submit_baseline", "playground-weather", str(SAMPLE), "--team", "Trivial baseline: zeros",
               "--description", "all zeros")
    again = run("submit_baseline", "playground-weather", str(SAMPLE), "--team", "Trivial baseline: zeros")

    team = Team.objects.get(name="Trivial baseline: zeros")
    assert team.kind == Team.Kind.BASELINE and team.leader.username == "baseline-bot"
    assert not team.leader.has_usable_password()
    submission = team.submissions.get()
    assert submission.status == Submission.Status.SCORED and submission.description == "all zeros"
    assert not LeaderboardEntry.objects.get(team=team, split="public").is_ranked
    assert "Submitted 'Trivial baseline: zeros'" in said and "already submitted" in again


def test_submit_baseline_refuses_a_broken_file_with_the_scorer_message(tmp_path):
    run("seed_demo", "--no-reference")
    broken = tmp_path / "broken.csv"
    broken.write_text("ID,target\nda7962c3,x\n")

    with pytest.raises(CommandError, match=r"broken.csv was refused: Line 2: target must be an integer"):
        run("submit_baseline", "playground-weather", str(broken), "--team", "Trivial baseline")
    with pytest.raises(CommandError, match="Competition 'nope' is not loaded"):
        run("submit_baseline", "nope", str(SAMPLE), "--team", "Trivial baseline")
    assert not Submission.objects.filter(competition__slug="playground-weather").exists()


def test_reference_bot_prints_the_key_of_a_bot_with_a_baseline_team_in_each_named_competition():
    run("seed_demo", "--no-reference")

    key = run("reference_bot", "--team", "playground-weather=Reference baseline: trees").strip()

    team = Team.objects.get(competition__slug="playground-weather", kind=Team.Kind.BASELINE)
    assert team.name == "Reference baseline: trees" and team.leader.username == "reference-bot"
    assert key == run("reference_bot", "--team", "playground-weather=Reference baseline: trees").strip()
    assert Team.objects.filter(kind=Team.Kind.BASELINE).count() == 1
    with pytest.raises(CommandError, match="The competition 'nope' is not loaded"):
        run("reference_bot", "--team", "nope=Reference baseline")


def test_seed_demo_adds_a_finished_competition_with_a_frozen_board_once():
    from competitions.demo_archive import SLUG, TEAMS

    run("seed_demo", "--no-reference")
    finished = Competition.objects.get(slug=SLUG)
    board = LeaderboardEntry.objects.filter(competition=finished, split="private").order_by("final_rank")
    medals = [entry.medal for entry in board]

    assert finished.phase == "completed" and finished.events.get().actor.username == "host"
    assert [entry.final_rank for entry in board] == list(range(1, TEAMS + 1))
    assert medals == ["gold", "silver", "bronze", "bronze"] + [""] * 8  # Kaggle's table for 12 teams
    assert any(entry.shake_up for entry in board)  # the public board did not predict the private one exactly
    assert not Submission.objects.filter(competition=finished, created_at__gte=finished.end_at).exists()
    for team in Team.objects.filter(competition=finished):  # each team joined before its first upload
        assert team.created_at < team.submissions.order_by("created_at").first().created_at

    run("seed_demo", "--no-reference")
    assert Competition.objects.filter(slug=SLUG).count() == 1
    assert Submission.objects.filter(competition=finished).count() == TEAMS * 3
