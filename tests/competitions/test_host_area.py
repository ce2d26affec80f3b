"""The portal's host area (Host tab): what a host sees, each action with its confirmation, its message and the
service's refusal, and a 404 for everyone else on every page and action."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competitions import host_selectors, queue_stats
from competitions.models import CompetitionEvent, Submission, SubmissionGrant, Team
from competitions.services import rules_accept
from competitions.services.submissions import SubmissionRefused, submission_create, team_quota
from competitions.services.teams import TeamError, team_grant_submissions, team_merge
from competitions.tasks import task_score_submission

from ..conftest import SAMPLE_CSV
from ..factories import CompetitionFactory, UserFactory, end_competition

pytestmark = pytest.mark.django_db

GOOD_CSV = b"ID,target\na,0\nb,1\nc,2\nd,1\n"


@pytest.fixture
def world(competition, host, user):
    """Competition "tiny" hosted by `host`, with a participant's scored submission; another host's competition."""
    rules_accept(competition=competition, user=user)
    submission, _ = submission_create(competition=competition, user=user, data=GOOD_CSV, filename="mine.csv")
    task_score_submission.apply(args=[submission.pk])
    host_b = UserFactory(username="host_b", is_staff=True)
    CompetitionFactory(slug="other").hosts.add(host_b)
    return {"competition": competition, "host": host, "host_b": host_b, "player": user,
            "submission": Submission.objects.get(pk=submission.pk), "team": Team.objects.get(competition=competition)}


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _page(response) -> str:
    return response.content.decode()


def _base(world) -> str:
    return f"/competitions/{world['competition'].slug}/host"


def test_it_shows_the_host_area_with_three_charts_their_tables_and_the_queue(world):
    response = _client(world["host"]).get(_base(world) + "/")
    page = _page(response)

    assert response.status_code == 200
    assert page.count('<svg class="chart"') == 3 and page.count("<details>") == 3
    assert 'data-testid="host-tab" aria-current="page"' in page and 'aria-current="page">Overview</a>' in page
    assert "Submissions open" in page
    assert 'data-testid="queue-queued">0<' in page
    assert "style=" not in page  # the Content-Security-Policy blocks style attributes


def test_the_host_tab_is_only_in_the_hosts_tab_strip(world):
    url = f"/competitions/{world['competition'].slug}/"

    assert 'data-testid="host-tab"' in _page(_client(world["host"]).get(url))
    for role in ("host_b", "player"):
        assert 'data-testid="host-tab"' not in _page(_client(world[role]).get(url))


def test_the_queue_and_the_latest_errors_show_counts_age_and_messages(world):
    competition, submission = world["competition"], world["submission"]
    waiting = timezone.now() - dt.timedelta(hours=3)
    Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.FAILED, error_message="Line 3: id zz?")
    late, _ = submission_create(competition=competition, user=world["player"], data=GOOD_CSV, filename="two.csv")
    Submission.objects.filter(pk=late.pk).update(created_at=waiting, queued_at=waiting)

    page = _page(_client(world["host"]).get(_base(world) + "/"))
    queue = queue_stats.competition_queue_figures(competition=competition)

    assert (queue.queued, queue.failed, queue.oldest_queued_at) == (1, 1, waiting)
    assert 'data-testid="queue-failed">1<' in page and "3\xa0hours" in page
    assert "Line 3: id zz?" in page and "mine.csv" in page


def test_the_host_sees_every_submission_with_both_scores_and_downloads_it(world):
    host = _client(world["host"])
    submission = world["submission"]
    private = submission.scores.get(split="private", is_active=True).value

    page = _page(host.get(_base(world) + "/submissions/"))
    download = host.get(_base(world) + f"/submissions/{submission.uuid}/download/")

    assert f"{private:.5f}" in page and "mine.csv" in page
    assert download.status_code == 200 and b"".join(download.streaming_content) == GOOD_CSV


def test_rescore_asks_then_requeues_and_says_so(world):
    host, submission = _client(world["host"]), world["submission"]
    url = _base(world) + f"/submissions/{submission.uuid}/rescore/"

    confirm = host.get(url)
    assert confirm.status_code == 200 and 'data-testid="confirm"' in _page(confirm)
    assert submission.scores.filter(is_active=False).count() == 0  # asking changes nothing

    page = _page(host.post(url, follow=True))
    submission.refresh_from_db()
    assert submission.status == Submission.Status.QUEUED and submission.scores.filter(is_active=False).count() == 2
    assert "mine.csv of participant is queued for rescoring." in page


def test_disqualify_then_reinstate_each_with_a_message(world):
    host, team = _client(world["host"]), world["team"]
    url = _base(world) + f"/teams/{team.pk}/disqualify/"

    assert "Disqualify participant?" in _page(host.get(url))
    page = _page(host.post(url, {"disqualified": "1"}, follow=True))
    team.refresh_from_db()
    assert team.is_disqualified and "participant is disqualified" in page

    assert "Reinstate participant?" in _page(host.get(url))
    page = _page(host.post(url, {"disqualified": "0"}, follow=True))
    team.refresh_from_db()
    assert not team.is_disqualified and "participant is reinstated" in page


def test_a_grant_raises_todays_quota_and_is_in_the_teams_history(world):
    host, team = _client(world["host"]), world["team"]
    today = timezone.now().date()
    before = team_quota(team=team).allowed

    page = _page(host.post(_base(world) + f"/teams/{team.pk}/grant/",
                           {"day": today.isoformat(), "extra": "2", "reason": "Scoring outage"}, follow=True))

    assert team_quota(team=team).allowed == before + 2
    assert SubmissionGrant.objects.get(team=team).granted_by == world["host"]
    assert "host granted 2 extra submission(s)" in team.events.last().text
    assert f"participant may make 2 extra submission(s) on {today} (UTC)." in page


def test_a_grant_the_service_refuses_shows_its_reason_and_grants_nothing(world):
    host, team = _client(world["host"]), world["team"]
    yesterday = timezone.now().date() - dt.timedelta(days=1)

    response = host.post(_base(world) + f"/teams/{team.pk}/grant/",
                         {"day": yesterday.isoformat(), "extra": "2", "reason": "Scoring outage"})

    assert response.status_code == 200 and "has passed (UTC)" in _page(response)
    assert not SubmissionGrant.objects.exists()


def test_pause_refuses_uploads_until_resume(world):
    host, competition = _client(world["host"]), world["competition"]
    url = _base(world) + "/pause/"

    assert "Pause submissions?" in _page(host.get(url))
    page = _page(host.post(url, {"paused": "1"}, follow=True))
    assert "Submissions to Tiny are paused" in page and 'data-testid="paused"' in page
    with pytest.raises(SubmissionRefused, match="paused"):
        submission_create(competition=competition, user=world["player"], data=GOOD_CSV, filename="x.csv")

    assert "Resume submissions?" in _page(host.get(url))
    assert "open again" in _page(host.post(url, {"paused": "0"}, follow=True))
    submission_create(competition=competition, user=world["player"], data=GOOD_CSV, filename="x.csv")


def test_finalize_before_the_end_shows_the_services_refusal(world):
    page = _page(_client(world["host"]).get(_base(world) + "/finalize/", follow=True))

    assert "can be finalized only after the end" in page
    world["competition"].refresh_from_db()
    assert world["competition"].finalized_at is None


def test_finalize_previews_the_standings_then_freezes_them(world):
    host, competition = _client(world["host"]), world["competition"]
    end_competition(competition)

    preview = _page(host.get(_base(world) + "/finalize/"))
    assert 'data-testid="finalize-preview"' in preview and "participant" in preview
    competition.refresh_from_db()
    assert competition.finalized_at is None  # the preview freezes nothing

    page = _page(host.post(_base(world) + "/finalize/", follow=True))
    competition.refresh_from_db()
    assert competition.finalized_at is not None and "Tiny is finalized" in page


def test_after_finalizing_rescore_and_disqualify_show_the_refusal_until_a_reopen(world):
    host, competition, team = _client(world["host"]), world["competition"], world["team"]
    end_competition(competition)
    host.post(_base(world) + "/finalize/")

    page = _page(host.post(_base(world) + f"/teams/{team.pk}/disqualify/", {"disqualified": "1"}, follow=True))
    assert "are final. Reopen the competition" in page
    page = _page(host.post(_base(world) + f"/submissions/{world['submission'].uuid}/rescore/", follow=True))
    assert "are final. Reopen the competition" in page

    short = host.post(_base(world) + "/reopen/", {"reason": "oops"})
    assert short.status_code == 200 and 'data-testid="reopen-form"' in _page(short)
    page = _page(host.post(_base(world) + "/reopen/", {"reason": "Team copied a private notebook"}, follow=True))
    competition.refresh_from_db()
    assert competition.finalized_at is None and "Tiny is reopened" in page
    assert CompetitionEvent.objects.get(kind="reopened").reason == "Team copied a private notebook"


def test_reopen_of_an_open_competition_says_it_is_not_finalized(world):
    page = _page(_client(world["host"]).get(_base(world) + "/reopen/", follow=True))

    assert "Tiny is not finalized." in page


def test_the_chart_numbers_follow_the_days(world):
    competition, today = world["competition"], timezone.now().date()
    days = host_selectors.host_days(competition=competition, today=today)
    growth = host_selectors.host_growth(competition=competition, days=days)
    per_day = host_selectors.host_submissions_per_day(competition=competition, days=days)

    assert days[0] == competition.start_at.date() and days[-1] == today and len(days) == 8
    assert growth["participants"][-1] == 1 and growth["teams"][-1] == 1 and growth["participants"][0] == 0
    assert per_day["scored"][-1] == 1 and sum(map(sum, per_day.values())) == 1


def test_a_merge_counts_two_participants_in_one_team(world):
    competition, player = world["competition"], world["player"]
    partner = UserFactory(username="partner")
    rules_accept(competition=competition, user=partner)
    days = host_selectors.host_days(competition=competition)
    assert host_selectors.host_growth(competition=competition, days=days)["teams"][-1] == 2

    team_merge(source=Team.objects.get(leader=partner), target=world["team"], actor=player)
    growth = host_selectors.host_growth(competition=competition, days=days)

    assert (growth["participants"][-1], growth["teams"][-1]) == (2, 1)


def test_an_upcoming_competition_has_no_days_and_its_charts_say_so(world):
    competition = world["competition"]
    type(competition).objects.filter(pk=competition.pk).update(
        start_at=timezone.now() + dt.timedelta(days=2), end_at=timezone.now() + dt.timedelta(days=9))
    Submission.objects.all().delete()
    competition.refresh_from_db()

    page = _page(_client(world["host"]).get(_base(world) + "/"))

    assert host_selectors.host_days(competition=competition) == []
    assert page.count("The competition has not started.") == 2 and page.count('<svg class="chart"') == 3


def test_a_superuser_sees_the_host_area_too(world):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)

    assert _client(admin).get(_base(world) + "/").status_code == 200


# Every page and action of the host area, with what a POST would send: everyone but the host gets 404 on each.
def _urls(world) -> list[tuple[str, str, dict]]:
    base, submission, team = _base(world), world["submission"], world["team"]
    gets = ["/", "/submissions/", "/teams/", f"/submissions/{submission.uuid}/download/",
            f"/submissions/{submission.uuid}/rescore/", f"/teams/{team.pk}/disqualify/", f"/teams/{team.pk}/grant/",
            "/pause/", "/finalize/", "/reopen/"]
    posts = [(f"/submissions/{submission.uuid}/rescore/", {}), (f"/teams/{team.pk}/disqualify/", {"disqualified": "1"}),
             (f"/teams/{team.pk}/grant/", {"day": timezone.now().date().isoformat(), "extra": "3", "reason": "x"}),
             ("/pause/", {"paused": "1"}), ("/finalize/", {}), ("/reopen/", {"reason": "long enough reason"})]
    return [("get", base + path, {}) for path in gets] + [("post", base + path, data) for path, data in posts]


@pytest.mark.parametrize("role", ["host_b", "player", "anonymous"])
def test_everyone_else_gets_404_and_changes_nothing(world, role):
    end_competition(world["competition"])  # so that a leaked finalize would go through
    client = _client(world.get(role))
    answers = {f"{method} {url}": getattr(client, method)(url, data).status_code for method, url, data in _urls(world)}

    assert {url: code for url, code in answers.items() if code != 404} == {}
    competition, team, submission = world["competition"], world["team"], world["submission"]
    competition.refresh_from_db()
    team.refresh_from_db()
    assert not (competition.finalized_at or competition.submissions_paused or team.is_disqualified)
    assert not SubmissionGrant.objects.exists() and submission.scores.filter(is_active=False).count() == 0


def test_another_competitions_rows_are_404_through_the_hosts_own_slug(world):
    """A host of A cannot reach B's submission or team by putting B's ids under A's slug."""
    other = CompetitionFactory(slug="third")
    stranger = UserFactory(username="stranger2")
    rules_accept(competition=other, user=stranger)
    team = Team.objects.get(competition=other)
    host = _client(world["host"])

    assert host.get(_base(world) + f"/teams/{team.pk}/disqualify/").status_code == 404
    assert host.post(_base(world) + f"/teams/{team.pk}/disqualify/", {"disqualified": "1"}).status_code == 404
    team.refresh_from_db()
    assert not team.is_disqualified


def _query_counts(client, urls: list[str]) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    return counts


def test_the_pages_cost_the_same_queries_for_more_teams_and_submissions(world):
    """No query per row: more teams, submissions and errors leave each page's query count as it was."""
    host, competition = _client(world["host"]), world["competition"]
    urls = [_base(world) + path for path in ("/", "/submissions/", "/teams/")]
    before = _query_counts(host, urls)
    for number in range(3):
        player = UserFactory(username=f"extra{number}")
        rules_accept(competition=competition, user=player)
        submission, _ = submission_create(competition=competition, user=player, data=SAMPLE_CSV, filename="z.csv")
        Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.ERROR, error_message="Lost")

    assert _query_counts(host, urls) == before


@pytest.mark.parametrize(("extra", "reason", "days", "message"), [
    (0, "outage", 0, "at least one"), (2, "  ", 0, "Say why"), (2, "outage", -1, "has passed")])
def test_the_grant_service_refuses_a_grant_that_gives_nothing(world, extra, reason, days, message):
    day = timezone.now().date() + dt.timedelta(days=days)
    with pytest.raises(TeamError, match=message):
        team_grant_submissions(team=world["team"], actor=world["host"], day=day, extra=extra, reason=reason)
    assert not SubmissionGrant.objects.exists()
