"""Honest boards: intervals stored with public scores, ties with the leader, and nothing read from private rows."""

import numpy as np
import pytest
from django.test import Client

from accounts.services import api_key_get_or_create
from competitions.models import Score, Submission
from competitions.services import rules_accept, solution_set
from competitions.services.submissions import submission_create
from competitions.tasks import task_score_submission

from ..factories import CompetitionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROWS = 400
ANSWERS = [i % 3 for i in range(ROWS)]


def _solution(private_answers) -> bytes:
    lines = [f"r{i},{a if i % 2 else private_answers[i]},{'Public' if i % 2 else 'Private'}"
             for i, a in enumerate(ANSWERS)]
    return ("ID,target,Usage\n" + "\n".join(lines) + "\n").encode()


def _file(wrong_rows) -> bytes:
    wrong = set(wrong_rows)
    return ("ID,target\n" + "".join(f"r{i},{(a + 1) % 3 if i in wrong else a}\n"
                                    for i, a in enumerate(ANSWERS))).encode()


def _competition(slug: str, private_answers=ANSWERS):
    competition = CompetitionFactory(slug=slug, metric_params={"labels": [0, 1, 2]}, daily_submission_limit=20)
    solution_set(competition=competition, content=_solution(private_answers))
    return competition


def _scored(competition, user, data: bytes) -> Submission:
    submission, _ = submission_create(competition=competition, user=user, data=data, filename="s.csv")
    task_score_submission.apply(args=[submission.pk])
    return Submission.objects.get(pk=submission.pk)


@pytest.fixture
def board(db):
    """A leader wrong on four public rows, a team wrong on six others (two rows behind), and one far behind."""
    competition = _competition("noisy")
    users = {name: UserFactory(username=name) for name in ("leader", "close", "far")}
    odd = [i for i in range(ROWS) if i % 2]
    for name, wrong in (("leader", odd[100:104]), ("close", odd[:6]), ("far", odd[:80])):
        rules_accept(competition=competition, user=users[name])
        _scored(competition, users[name], _file(wrong))
    return competition, users


def test_a_public_score_is_stored_with_its_interval_and_paired_resamples(board):
    competition, users = board
    public = Score.objects.get(submission__team__leader=users["far"], split="public")
    private = Score.objects.get(submission__team__leader=users["far"], split="private")

    assert public.ci_low < public.value < public.ci_high
    assert len(bytes(public.resamples)) == 1000 * 4 and len(bytes(public.private_size_resamples)) == 1000 * 4
    assert (private.ci_low, private.resamples) == (None, None)  # nothing is estimated from private rows


def test_the_board_marks_the_close_team_as_tied_with_the_leader_and_the_far_one_not(board, client):
    competition, _ = board
    page = client.get(f"/competitions/{competition.slug}/leaderboard/").content.decode()
    rows = {row.split("</td>")[1]: row for row in page.split('data-testid="board-row"')[1:]}

    assert 'data-testid="tied"' in next(row for name, row in rows.items() if "close" in name)
    assert 'data-testid="tied"' not in next(row for name, row in rows.items() if "far" in name)
    assert 'data-testid="tied"' not in next(row for name, row in rows.items() if "leader" in name)
    assert "The public board stands on 200 rows" in page and "±" in page


def test_the_api_and_the_csv_carry_the_bounds_and_the_tie(board):
    competition, users = board
    key = api_key_get_or_create(user=users["far"]).key
    rows = Client().get(f"/api/v1/competitions/{competition.slug}/leaderboard/",
                        HTTP_AUTHORIZATION=f"Token {key}").json()["rows"]
    by_team = {row["team"]: row for row in rows}
    assert by_team["close"]["tied_with_leader"] and not by_team["far"]["tied_with_leader"]
    assert all(row["score_low"] <= row["score"] <= row["score_high"] for row in rows)

    csv = Client().get(f"/competitions/{competition.slug}/leaderboard.csv").content.decode().splitlines()
    assert csv[0].endswith(",ScoreLow,ScoreHigh")
    assert all(line.count(",") == 7 and not line.endswith(",,") for line in csv[1:])


def test_nothing_depends_on_private_rows(db):
    """Two competitions whose solutions share their public rows and differ in every private row."""
    flipped = [(a + 1) % 3 for a in ANSWERS]
    same, other = _competition("same"), _competition("other", private_answers=flipped)
    user = UserFactory()
    stored = []
    for competition in (same, other):
        rules_accept(competition=competition, user=user)
        submission = _scored(competition, user, _file(range(0, ROWS, 7)))
        score = Score.objects.get(submission=submission, split="public")
        stored.append((score.value, score.ci_low, score.ci_high, bytes(score.resamples),
                       bytes(score.private_size_resamples)))
        private = Score.objects.get(submission=submission, split="private").value
        stored[-1] += (private,)

    assert stored[0][:5] == stored[1][:5]  # public score, interval and every resample: identical
    assert stored[0][5] != stored[1][5]  # while the private scores differ completely
    assert np.frombuffer(stored[0][3], dtype=np.float32).std() > 0


def _ranges(competition) -> list[tuple[str, int, int]]:
    from competitions.models import LeaderboardEntry

    return list(LeaderboardEntry.objects.filter(competition=competition, split="public").order_by("sort_key")
                .values_list("team__name", "rank_low", "rank_high"))


def test_the_shake_up_estimate_gives_each_team_a_likely_final_range(board, client):
    from competitions.services.shake_up import shake_up_estimate

    competition, _ = board
    estimate = shake_up_estimate(competition=competition)

    assert estimate.teams == 3 and 0 < estimate.expected_rank_change < 1
    ranges = dict((name, (low, high)) for name, low, high in _ranges(competition))
    assert ranges["far"] == (3, 3)  # eighty public rows behind: never ahead on a simulated private board
    assert ranges["leader"][0] == 1 and ranges["close"][1] == 2 and ranges["close"][0] <= 2
    page = client.get(f"/competitions/{competition.slug}/leaderboard/").content.decode()
    assert 'data-testid="shake-up-risk"' in page and "#3</td>" in page


def test_the_shake_up_estimate_never_depends_on_private_rows(db):
    from competitions.models import Competition
    from competitions.services.shake_up import shake_up_estimate

    flipped = [(a + 1) % 3 for a in ANSWERS]
    estimates = []
    for slug, private in (("twin-a", ANSWERS), ("twin-b", flipped)):
        competition = _competition(slug, private_answers=private)
        for number, wrong in enumerate((range(0, ROWS, 9), range(1, ROWS, 7), range(3, ROWS, 5))):
            user = UserFactory(username=f"{slug}-{number}")
            rules_accept(competition=competition, user=user)
            _scored(competition, user, _file(wrong))
        shake_up_estimate(competition=competition)
        estimates.append(([(low, high) for _, low, high in _ranges(competition)],
                          Competition.objects.get(pk=competition.pk).expected_rank_change))
    assert estimates[0] == estimates[1]


def test_the_estimate_is_kept_at_finalization_and_calibrated_after(board, client):
    from competitions.services.leaderboards import competition_finalize
    from competitions.services.shake_up import competitions_needing_estimate, shake_up_estimate

    from ..factories import end_competition

    competition, _ = board
    assert competition in competitions_needing_estimate()
    end_competition(competition)
    competition_finalize(competition=competition)  # makes the last estimate itself
    kept = _ranges(competition)

    assert all(low is not None for _, low, _ in kept)
    assert shake_up_estimate(competition=competition) is None and _ranges(competition) == kept
    assert competition not in competitions_needing_estimate()
    page = client.get(f"/competitions/{competition.slug}/leaderboard/?split=private").content.decode()
    assert "teams finished inside their range" in page and "3 of 3" in page
