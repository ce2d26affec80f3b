"""Access matrix of the host tools: host of A, host of B, a participant, anonymous and a superuser, against every
host page, action and endpoint of competition A. Zero leaks, and never a 403 for a host's own action."""

import pytest
from django.test import Client
from django.utils import timezone

from accounts.services import api_key_get_or_create
from competitions.models import Submission, Team
from competitions.services import data_file_add, rules_accept, solution_set
from competitions.services.submissions import submission_create
from competitions.tasks import task_score_submission

from ..conftest import SAMPLE_CSV, SOLUTION_CSV
from ..factories import CompetitionFactory, UserFactory, end_competition

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Alpha-draft-7f3c"  # appears only on pages about competition A
SECRET_TEAM = "team-alpha-9b1e"


@pytest.fixture
def world(db):
    host_a, host_b = UserFactory(username="host_a", is_staff=True), UserFactory(username="host_b", is_staff=True)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    player = UserFactory(username="player")
    a = CompetitionFactory(slug="alpha", title=SECRET_TITLE, is_published=False)
    b = CompetitionFactory(slug="beta", title="Beta")
    a.hosts.add(host_a)
    b.hosts.add(host_b)
    for competition in (a, b):
        data_file_add(competition=competition, name="sample_submission.csv", content=SAMPLE_CSV,
                      is_sample_submission=True)
        solution_set(competition=competition, content=SOLUTION_CSV)
    a.is_published = True  # published long enough for a participant to join and submit, then back to draft
    a.save(update_fields=["is_published"])
    rules_accept(competition=a, user=player)
    Team.objects.filter(competition=a).update(name=SECRET_TEAM)
    submission, _ = submission_create(competition=a, user=player, data=SAMPLE_CSV, filename="s.csv")
    task_score_submission.apply(args=[submission.pk])
    end_competition(a)  # so that the finalize preview opens for its host
    type(a).objects.filter(pk=a.pk).update(is_published=False)
    return {"host_a": host_a, "host_b": host_b, "admin": admin, "player": player, "anonymous": None,
            "a": a, "submission": Submission.objects.get(pk=submission.pk),
            "team": Team.objects.get(competition=a)}


def _pages(world) -> dict[str, str]:
    a, submission, team = world["a"], world["submission"], world["team"]
    return {
        "competition changelist": "/admin/competitions/competition/",
        "competition change": f"/admin/competitions/competition/{a.pk}/change/",
        "finalize preview": f"/admin/competitions/competition/{a.pk}/finalize/",
        "reopen form": f"/admin/competitions/competition/{a.pk}/reopen/",
        "load bundle": "/admin/competitions/competition/load-bundle/",
        "add competition": "/admin/competitions/competition/add/",
        "submission changelist": "/admin/competitions/submission/",
        "submission change": f"/admin/competitions/submission/{submission.pk}/change/",
        "submission download": f"/admin/competitions/submission/{submission.pk}/download/",
        "team changelist": "/admin/competitions/team/",
        "team change": f"/admin/competitions/team/{team.pk}/change/",
        "rules acceptances": "/admin/competitions/rulesacceptance/",
        "data files": "/admin/competitions/datafile/",
        "portal overview (draft)": f"/competitions/{a.slug}/",
        "portal private board": f"/competitions/{a.slug}/leaderboard/?split=private",
        **_portal_host_pages(world),
    }


def _portal_host_pages(world) -> dict[str, str]:
    """The Host tab of the portal: its pages and each action's confirmation page (GET asks, only POST acts)."""
    base, submission, team = f"/competitions/{world['a'].slug}/host", world["submission"], world["team"]
    return {
        "host tab": f"{base}/",
        "host tab submissions": f"{base}/submissions/",
        "host tab teams": f"{base}/teams/",
        "host tab download": f"{base}/submissions/{submission.uuid}/download/",
        "host tab rescore": f"{base}/submissions/{submission.uuid}/rescore/",
        "host tab disqualify": f"{base}/teams/{team.pk}/disqualify/",
        "host tab grant": f"{base}/teams/{team.pk}/grant/",
        "host tab pause": f"{base}/pause/",
        "host tab finalize preview": f"{base}/finalize/",
    }


OWN = {"host_a", "admin"}
LISTS = {"competition changelist", "submission changelist", "team changelist", "rules acceptances", "data files"}
HOST_TOOLS = {"load bundle", "add competition"}


def _client(world, role: str) -> Client:
    client = Client()
    if world[role] is not None:
        client.force_login(world[role])
    return client


@pytest.mark.parametrize("role", ["host_a", "host_b", "player", "anonymous", "admin"])
def test_host_pages_of_competition_a(world, role):
    client, leaks, refused_own = _client(world, role), [], []
    for name, url in _pages(world).items():
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode(errors="replace") if response.status_code == 200 else ""
        if role in OWN:
            if response.status_code != 200:
                refused_own.append(f"{name}: {response.status_code}")
            continue
        if role == "host_b" and (name in LISTS or name in HOST_TOOLS):
            assert response.status_code == 200, f"{name}: a host's own tools must open ({response.status_code})"
        elif response.status_code == 200:
            leaks.append(f"{name}: 200")
        if SECRET_TITLE in body or SECRET_TEAM in body:
            leaks.append(f"{name}: shows competition A")
    assert refused_own == [] and leaks == []


def test_a_hosts_actions_on_their_own_competition_work_and_anothers_are_404(world):
    host_a, host_b = _client(world, "host_a"), _client(world, "host_b")
    submission, team = world["submission"], world["team"]
    rescore = {"action": "rescore", "_selected_action": [submission.pk]}
    disqualify = {"action": "disqualify", "_selected_action": [team.pk]}

    host_b.post("/admin/competitions/submission/", rescore)
    host_b.post("/admin/competitions/team/", disqualify)
    team.refresh_from_db()
    assert not team.is_disqualified and submission.scores.filter(is_active=False).count() == 0

    assert host_a.post("/admin/competitions/submission/", rescore).status_code == 302
    assert host_a.post("/admin/competitions/team/", disqualify).status_code == 302
    team.refresh_from_db()
    assert team.is_disqualified and submission.scores.filter(is_active=False).count() == 2
    assert host_a.get(f"/admin/competitions/submission/{submission.pk}/download/").getvalue() == SAMPLE_CSV


def test_a_competition_a_host_creates_is_theirs(world):
    from competitions.models import Competition

    host_b = _client(world, "host_b")
    response = host_b.post("/admin/competitions/competition/add/", {
        "title": "Gamma", "slug": "gamma", "metric_key": "macro_f1", "metric_params": '{"labels": [0, 1, 2]}',
        "public_fraction": "0.5", "start_at_0": "2026-01-01", "start_at_1": "00:00:00", "end_at_0": "2027-01-01",
        "end_at_1": "00:00:00", "daily_submission_limit": "5", "max_team_size": "3", "max_final_selections": "2",
        "is_published": "on",
        "solution-TOTAL_FORMS": "0", "solution-INITIAL_FORMS": "0", "solution-MIN_NUM_FORMS": "0",
        "solution-MAX_NUM_FORMS": "1", "data_files-TOTAL_FORMS": "0", "data_files-INITIAL_FORMS": "0",
        "data_files-MIN_NUM_FORMS": "0", "data_files-MAX_NUM_FORMS": "1000"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Competition.objects.get(slug="gamma").hosts.all()) == [world["host_b"]]


def test_the_api_shows_private_scores_to_the_host_of_a_only(world):
    a = world["a"]
    type(a).objects.filter(pk=a.pk).update(is_published=True)
    url = f"/api/v1/competitions/{a.slug}/leaderboard/?split=private"
    answers = {}
    for role in ("host_a", "host_b", "player"):
        key = api_key_get_or_create(user=world[role]).key
        answers[role] = Client().get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code
    assert answers["host_a"] == 200 and answers["host_b"] != 200 and answers["player"] != 200


def test_the_portal_host_tab_actions_follow_the_same_rule(world):
    """host_b posts every Host tab action on A and changes nothing (404 each); host_a's own go through."""
    host_a, host_b = _client(world, "host_a"), _client(world, "host_b")
    a, submission, team = world["a"], world["submission"], world["team"]
    base = f"/competitions/{a.slug}/host"
    today = timezone.now().date().isoformat()
    actions = [(f"{base}/submissions/{submission.uuid}/rescore/", {}),
               (f"{base}/teams/{team.pk}/disqualify/", {"disqualified": "1"}),
               (f"{base}/teams/{team.pk}/grant/", {"day": today, "extra": "2", "reason": "outage"}),
               (f"{base}/pause/", {"paused": "1"})]

    assert [host_b.post(url, data).status_code for url, data in actions] == [404] * 4
    assert host_b.post(f"{base}/finalize/").status_code == 404
    a.refresh_from_db()
    team.refresh_from_db()
    assert not (team.is_disqualified or a.submissions_paused or a.finalized_at or team.grants.exists())
    assert submission.scores.filter(is_active=False).count() == 0

    assert [host_a.post(url, data).status_code for url, data in actions] == [302] * 4
    a.refresh_from_db()
    team.refresh_from_db()
    assert team.is_disqualified and a.submissions_paused and team.grants.get().extra == 2
    assert submission.scores.filter(is_active=False).count() == 2
