"""Around the boards: medal zones "if it ended now", a team's score history, the board's top score by day, the
public-vs-final scatter after finalization and the header's countdowns; each read in one or two queries."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from competitions.board_charts import (
    MedalZones,
    board_mark_medal_zones,
    board_rank_pairs,
    board_top_scores,
    competition_countdowns,
    team_score_history,
)
from competitions.models import Competition, Submission, Team
from competitions.services import rules_accept, solution_set
from competitions.services.baselines import baseline_submit
from competitions.services.leaderboards import competition_finalize
from competitions.services.submissions import submission_create, submission_select
from competitions.tasks import task_score_submission

from ..factories import CompetitionFactory, UserFactory, end_competition

pytestmark = pytest.mark.django_db

ROWS = 200
ANSWERS = [i % 3 for i in range(ROWS)]
UTC = dt.timezone.utc


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the past days' top scores are cached by competition id, which a database may reuse
    yield
    cache.clear()


def _file(wrong: int) -> bytes:
    """Wrong on the first `wrong` odd (public) rows: public accuracy falls as `wrong` grows."""
    bad = {i for i in range(1, ROWS, 2)[:wrong]}
    return ("ID,target\n" + "".join(f"r{i},{(a + 1) % 3 if i in bad else a}\n" for i, a in enumerate(ANSWERS))).encode()


@pytest.fixture
def competition(db):
    competition = CompetitionFactory(slug="charted", daily_submission_limit=20,
                                     start_at=timezone.now() - dt.timedelta(days=3))
    lines = [f"r{i},{a},{'Public' if i % 2 else 'Private'}" for i, a in enumerate(ANSWERS)]
    solution_set(competition=competition, content=("ID,target,Usage\n" + "\n".join(lines) + "\n").encode())
    return competition


def _scored(competition, user, wrong: int, *, days_ago: int = 0) -> Submission:
    submission, _ = submission_create(competition=competition, user=user, data=_file(wrong), filename=f"w{wrong}.csv")
    task_score_submission.apply(args=[submission.pk])
    if days_ago:
        Submission.objects.filter(pk=submission.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago))
    return Submission.objects.get(pk=submission.pk)


def _team(competition, name: str):
    user = UserFactory(username=name)
    rules_accept(competition=competition, user=user)
    return user


def _rows(ranks):
    return [SimpleNamespace(rank=rank) for rank in ranks]


def test_medal_zones_follow_kaggles_table_for_the_ranked_count():
    rows = _rows([1, 2, 3, 5, 6, 10, 11, None])
    zones = board_mark_medal_zones(rows=rows, ranked_count=25)  # 25 teams: top 10% / 20% / 40%, rounded down

    assert [row.medal_zone for row in rows] == ["gold", "gold", "silver", "silver", "bronze", "bronze", "", ""]
    assert zones == MedalZones(gold=2, silver=3, bronze=5)
    assert board_mark_medal_zones(rows=[], ranked_count=300) == MedalZones(gold=10, silver=40, bronze=50)
    assert board_mark_medal_zones(rows=[], ranked_count=4) == MedalZones(gold=0, silver=0, bronze=1)


def test_the_public_board_shows_the_zones_and_the_private_board_after_finalization_does_not(competition):
    for i in range(5):  # five teams: no gold (10% of 5 rounds to 0), silver for #1, bronze for #2
        _scored(competition, _team(competition, f"team{i}"), wrong=i * 3)
    client = Client()
    public = client.get(f"/competitions/{competition.slug}/leaderboard/").content.decode()
    classes = [chunk.rsplit('<tr class="', 1)[1].split() for chunk in public.split('" data-testid="board-row"')[:-1]]
    assert classes == [["zone", "zone-silver"], ["zone", "zone-bronze"], [], [], []], public
    assert 'data-testid="medal-zones"' in public and "not the final one" in public
    assert "Silver: the next place" in public and "Bronze: the next place" in public
    assert 'data-testid="zone-gold"' not in public  # no gold under ten teams: no line for it

    end_competition(competition)
    competition_finalize(competition=competition)
    private = client.get(f"/competitions/{competition.slug}/leaderboard/?split=private").content.decode()
    assert "zone-" not in private.split('data-testid="leaderboard"')[1] and 'data-testid="medal-zones"' not in private
    assert 'class="medal medal-silver"' in private  # the real medals instead


def test_a_teams_history_marks_the_selected_and_keeps_the_best_so_far_of_in_time_submissions(
        competition, django_assert_num_queries):
    user = _team(competition, "alice")
    first, better, worse, late = (_scored(competition, user, wrong) for wrong in (20, 4, 30, 0))
    submission_select(submission=worse, user=user, selected=True)
    Submission.objects.filter(pk=late.pk).update(is_late=True)
    team = Team.objects.get(leader=user)

    with django_assert_num_queries(1):
        history = team_score_history(team=team, greater_is_better=True)

    assert [p.filename for p in history] == ["w20.csv", "w4.csv", "w30.csv", "w0.csv"]
    assert history[0].score < history[1].score and history[2].score < history[0].score
    assert [p.best for p in history] == [history[0].score, history[1].score, history[1].score, history[1].score]
    assert [p.is_selected for p in history] == [False, False, True, False] and history[3].is_late


def test_the_submissions_tab_draws_the_history_with_its_table(competition):
    user = _team(competition, "alice")
    chosen = _scored(competition, user, 10)
    _scored(competition, user, 2)
    submission_select(submission=chosen, user=user, selected=True)
    client = Client()
    client.force_login(user)
    page = client.get(f"/competitions/{competition.slug}/submissions/").content.decode()
    chart = page.split('data-testid="chart-history"')[1]

    assert chart.count('<circle class="dot') == 2 and chart.count('class="dot selected"') == 1
    assert 'class="line best-line"' in chart and chart.count("w10.csv") >= 2  # in a dot's title and in the table


def test_the_top_score_by_day_keeps_the_best_so_far_and_leaves_out_unranked_and_late_scores(
        competition, django_assert_num_queries):
    alice, bob = _team(competition, "alice"), _team(competition, "bob")
    _scored(competition, alice, 40, days_ago=3)  # the start day
    _scored(competition, bob, 10, days_ago=2)
    _scored(competition, alice, 30, days_ago=1)  # worse than bob's: the top holds
    late = _scored(competition, alice, 0, days_ago=1)
    Submission.objects.filter(pk=late.pk).update(is_late=True)
    baseline_submit(competition=competition, username="bot", team_name="Baseline", data=_file(0), filename="b.csv")
    Submission.objects.filter(team__kind=Team.Kind.BASELINE).update(created_at=timezone.now() - dt.timedelta(days=2))
    _scored(competition, bob, 5)  # today: the board's top now

    with django_assert_num_queries(2):
        tops = board_top_scores(competition=competition)
    with django_assert_num_queries(1):  # the past days come from the cache
        assert board_top_scores(competition=competition) == tops

    assert [top.day for top in tops] == [(timezone.now() - dt.timedelta(days=n)).astimezone(UTC).date()
                                         for n in (3, 2, 1, 0)]
    assert tops[0].score < tops[1].score == tops[2].score < tops[3].score


def test_the_leaderboard_page_draws_the_top_score_chart_with_its_table(competition):
    _scored(competition, _team(competition, "alice"), 20, days_ago=1)
    _scored(competition, _team(competition, "bob"), 5)
    page = Client().get(f"/competitions/{competition.slug}/leaderboard/").content.decode()
    figure = page.split('data-testid="chart-top-scores"')[1].split("</figure>")[0]

    assert "<svg" in figure and 'class="line best-line"' in figure
    days = [f"<tr><td>{(timezone.now() - dt.timedelta(days=n)).astimezone(UTC):%Y-%m-%d}</td>" for n in (1, 0)]
    assert figure.count("<tr><td>") == 2 and all(day in figure for day in days)  # from the first score on


def test_the_scatter_of_public_and_final_ranks_comes_only_after_finalization(competition, django_assert_num_queries):
    for name, wrong in (("a", 2), ("b", 8), ("c", 20)):
        _scored(competition, _team(competition, name), wrong)
    with django_assert_num_queries(0):
        assert board_rank_pairs(competition=competition) == []
    end_competition(competition)
    competition = competition_finalize(competition=competition)

    with django_assert_num_queries(1):
        pairs = board_rank_pairs(competition=competition)
    assert pairs == [(1, 1, "a"), (2, 2, "b"), (3, 3, "c")]  # same answers on both splits: nobody moves
    page = Client().get(f"/competitions/{competition.slug}/leaderboard/?split=private").content.decode()
    assert page.count('class="dot kept"') == 3 and 'data-testid="chart-rank-scatter"' in page
    assert 'data-testid="scatter-calibration"' in page


def test_the_countdowns_say_how_long_until_the_end_and_the_daily_reset():
    now = timezone.now()
    nineteen = now.astimezone(UTC).replace(hour=19, minute=0, second=0, microsecond=0)
    competition = Competition(start_at=now - dt.timedelta(days=1), end_at=nineteen + dt.timedelta(days=3, hours=4,
                                                                                                 minutes=30),
                              is_published=True)

    texts = competition_countdowns(competition=competition, now=nineteen)

    assert texts == {"deadline": "Ends in 3 days 4 hours", "reset": "Daily limit resets in 5 hours (00:00 UTC)"}
    soon = competition_countdowns(competition=competition, now=competition.end_at - dt.timedelta(minutes=7))
    assert soon["deadline"] == "Ends in 7 minutes"


def test_the_reset_line_is_hidden_once_uploads_are_closed():
    now = timezone.now()
    ended = Competition(start_at=now - dt.timedelta(days=9), end_at=now - dt.timedelta(days=1), is_published=True,
                        late_submissions_enabled=False)
    paused = Competition(start_at=now - dt.timedelta(days=1), end_at=now + dt.timedelta(days=1), is_published=True,
                         submissions_paused=True)
    late = Competition(start_at=now - dt.timedelta(days=9), end_at=now - dt.timedelta(days=1), is_published=True,
                       late_submissions_enabled=True)

    upcoming = Competition(start_at=now + dt.timedelta(days=2, minutes=5), end_at=now + dt.timedelta(days=9),
                           is_published=True)
    assert competition_countdowns(competition=upcoming, now=now) == {"deadline": "Starts in 2 days"}
    assert competition_countdowns(competition=ended) == {}
    assert set(competition_countdowns(competition=paused)) == {"deadline"}
    assert set(competition_countdowns(competition=late)) == {"reset"}  # late uploads still count per day


def test_the_header_shows_the_countdowns_on_every_tab(competition):
    page = Client().get(f"/competitions/{competition.slug}/").content.decode()
    header = page.split('data-testid="countdown"')[1].split("</p>")[0]

    assert "Ends in 30 days" in header or "Ends in 29 days" in header
    assert "Daily limit resets in" in header and "(00:00 UTC)" in header


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # count the top scores' aggregate every time, as a cache miss makes it
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_boards_extras_cost_the_same_queries_for_two_teams_or_five(competition):
    """No query per row: the zones are computed from the ranks, the top scores in one aggregate."""
    url = f"/competitions/{competition.slug}/leaderboard/"
    for name in ("a", "b"):
        _scored(competition, _team(competition, name), 2, days_ago=1)
    two = _queries(Client(), url)
    for name in ("c", "d", "e"):
        _scored(competition, _team(competition, name), 9)

    assert _queries(Client(), url) == two


def test_the_history_costs_the_same_queries_for_one_submission_or_four(competition):
    user = _team(competition, "alice")
    client = Client()
    client.force_login(user)
    url = f"/competitions/{competition.slug}/submissions/"
    _scored(competition, user, 3)
    one = _queries(client, url)
    for wrong in (4, 5, 6):
        _scored(competition, user, wrong)

    assert _queries(client, url) == one
