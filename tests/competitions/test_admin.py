"""The admin as a hosting tool: create a competition with files and a solution, load a bundle."""

import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from competitions.models import Competition

from ..conftest import PLAYGROUND_BUNDLE

pytestmark = pytest.mark.django_db


def _add_form(solution: bytes) -> dict:
    return {
        "title": "Made in the admin", "slug": "made-in-admin", "subtitle": "", "is_published": "on",
        "overview": "# Hi", "data_description": "", "rules": "Rules.",
        "metric_key": "macro_f1", "metric_params": '{"labels": [0, 1]}', "public_fraction": "0.5", "split_seed": "3",
        "start_at_0": "2026-01-01", "start_at_1": "00:00:00", "end_at_0": "2027-01-01", "end_at_1": "00:00:00",
        "daily_submission_limit": "5", "max_team_size": "3", "max_final_selections": "2",
        "late_submissions_enabled": "on",
        "solution-TOTAL_FORMS": "1", "solution-INITIAL_FORMS": "0", "solution-MIN_NUM_FORMS": "0",
        "solution-MAX_NUM_FORMS": "1",
        "solution-0-file": SimpleUploadedFile("solution.csv", solution),
        "data_files-TOTAL_FORMS": "1", "data_files-INITIAL_FORMS": "0", "data_files-MIN_NUM_FORMS": "0",
        "data_files-MAX_NUM_FORMS": "1000",
        "data_files-0-name": "", "data_files-0-description": "Training rows",
        "data_files-0-file": SimpleUploadedFile("train.csv", b"ID,x,target\nq,1,0\n"),
    }


def test_a_host_creates_a_competition_with_data_and_solution(admin_client):
    response = admin_client.post("/admin/competitions/competition/add/",
                                 _add_form(b"ID,target\na,0\nb,1\nc,1\nd,0\n"))

    assert response.status_code == 302, response.content.decode()[:3000]
    competition = Competition.objects.get(slug="made-in-admin")
    assert competition.solution.rows == 4 and competition.solution.public_rows == 2
    data_file = competition.data_files.get()
    assert (data_file.name, data_file.size, len(data_file.sha256)) == ("train.csv", 18, 64)
    change = admin_client.get(f"/admin/competitions/competition/{competition.pk}/change/").content.decode()
    assert "4 rows: <strong>2</strong> public, <strong>2</strong> private." in change


def test_a_solution_the_scorer_cannot_read_is_refused_in_the_admin(admin_client):
    response = admin_client.post("/admin/competitions/competition/add/", _add_form(b"ID,label\na,0\n"))

    assert response.status_code == 200
    assert "Solution file:" in response.content.decode()
    assert not Competition.objects.exists()


def test_an_administrator_loads_a_bundle_zip(admin_client, host, tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in PLAYGROUND_BUNDLE.rglob("*"):
            if path.is_file():
                handle.write(path, path.relative_to(PLAYGROUND_BUNDLE).as_posix())

    response = admin_client.post("/admin/competitions/competition/load-bundle/",
                                 {"bundle": SimpleUploadedFile("bundle.zip", archive.read_bytes())})

    assert response.status_code == 302
    assert Competition.objects.get().slug == "playground-weather"


def test_a_bad_bundle_shows_its_message_in_the_admin(admin_client, tmp_path):
    archive = tmp_path / "bundle.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("competition.yaml", "slug: x\n")

    response = admin_client.post("/admin/competitions/competition/load-bundle/",
                                 {"bundle": SimpleUploadedFile("bundle.zip", archive.read_bytes())})

    assert response.status_code == 200
    assert "missing required key(s): title, metric, timeline, solution" in response.content.decode()
    assert not Competition.objects.exists()


def test_host_actions_finalize_pause_grant_and_disqualify(admin_client, competition, user):
    from django.utils import timezone

    from tests.factories import end_competition

    from competitions.models import Team
    from competitions.services import rules_accept

    rules_accept(competition=competition, user=user)
    team = Team.objects.get(competition=competition)
    changelist = "/admin/competitions/competition/"

    admin_client.post(changelist, {"action": "pause_submissions", "_selected_action": [competition.pk]})
    admin_client.post("/admin/competitions/team/", {"action": "disqualify", "_selected_action": [team.pk]})
    end_competition(competition)
    confirmation = admin_client.post(changelist, {"action": "finalize_competitions",
                                                  "_selected_action": [competition.pk]})
    assert confirmation.status_code == 302 and confirmation.url.endswith(f"/{competition.pk}/finalize/")
    assert b"Finalize and publish these results" in admin_client.get(confirmation.url).content
    admin_client.post(confirmation.url)
    grant = admin_client.post(f"/admin/competitions/team/{team.pk}/change/", {
        "name": team.name, "kind": "participant", "is_disqualified": "on",
        "grants-TOTAL_FORMS": "1", "grants-INITIAL_FORMS": "0", "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000", "grants-0-day": timezone.now().date().isoformat(), "grants-0-extra": "2",
        "grants-0-reason": "Scoring outage"})

    competition.refresh_from_db()
    team.refresh_from_db()
    assert competition.submissions_paused and competition.finalized_at
    assert team.is_disqualified
    assert grant.status_code == 302
    assert team.grants.get().granted_by.is_superuser
    assert "granted 2 extra submission(s)" in team.events.last().text
