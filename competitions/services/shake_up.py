"""The shake-up estimate before the deadline, from public rows only.

Each board submission's public score was also recomputed on public rows resampled at the private split's size
(scoring.bootstrap, stored with the score), the same resamples for every team. Each such resample is a stand-in
private board: ranking the teams on it gives one plausible private ranking. Over all of them, each team gets the
90% range of its simulated rank, and the board the expected number of places a team moves. Nothing here reads a
private score or a private row; after finalization the estimate is kept as it was, for the calibration line.
"""

from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from ..models import Competition, LeaderboardEntry, Score
from .leaderboards import board_order

RANGE = (5, 95)  # percentiles of the simulated rank: a 90% range


@dataclass(frozen=True)
class ShakeUpEstimate:
    teams: int
    expected_rank_change: float


def shake_up_estimate(*, competition: Competition) -> ShakeUpEstimate | None:
    """Estimates and stores each ranked team's 90% private-rank range and the board's expected rank change.
    None (and nothing written) for a finalized competition or a board without simulated resamples."""
    if Competition.objects.filter(pk=competition.pk, finalized_at__isnull=False).exists():
        return None
    entries = list(board_order(competition, "public").filter(is_ranked=True))
    simulated = _simulated_scores(entries)
    if simulated is None:
        return None
    ranks = _ranks(simulated, greater_is_better=competition.metric.greater_is_better)
    low = np.percentile(ranks, RANGE[0], axis=1, method="lower")
    high = np.percentile(ranks, RANGE[1], axis=1, method="higher")
    public_ranks = np.arange(1, len(entries) + 1)[:, None]
    change = float(np.abs(ranks - public_ranks).mean())
    with transaction.atomic():
        for entry, rank_low, rank_high in zip(entries, low, high):
            entry.rank_low, entry.rank_high = int(rank_low), int(rank_high)
        LeaderboardEntry.objects.bulk_update(entries, ["rank_low", "rank_high"], batch_size=1000)
        Competition.objects.filter(pk=competition.pk).update(expected_rank_change=change,
                                                             shake_up_estimated_at=timezone.now())
    return ShakeUpEstimate(teams=len(entries), expected_rank_change=change)


def _simulated_scores(entries: list[LeaderboardEntry]) -> np.ndarray | None:
    """teams x simulations; a score stored before the bootstrap existed stays at its public value."""
    stored = dict(Score.objects.filter(submission_id__in=[e.submission_id for e in entries], split="public",
                                       is_active=True, private_size_resamples__isnull=False)
                  .values_list("submission_id", "private_size_resamples"))
    if not stored:
        return None
    vectors = {pk: np.frombuffer(data, dtype=np.float32) for pk, data in stored.items()}
    width = max(vector.size for vector in vectors.values())
    return np.vstack([vectors[e.submission_id] if vectors.get(e.submission_id, np.empty(0)).size == width
                      else np.full(width, e.score, dtype=np.float32) for e in entries])


def _ranks(simulated: np.ndarray, *, greater_is_better: bool) -> np.ndarray:
    """Rank (1 = best) of each team in each simulation; equal scores keep the public order (a stable sort of
    rows that are in public-board order)."""
    order = np.argsort(-simulated if greater_is_better else simulated, axis=0, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(1, simulated.shape[0] + 1)[:, None], axis=0)
    return ranks


def shake_up_calibration(*, competition: Competition) -> tuple[int, int] | None:
    """After finalization: how many ranked teams' final private ranks fell inside the 90% range predicted from the
    public rows, out of how many had a prediction."""
    if not competition.finalized_at:
        return None
    predicted = dict((team, (low, high)) for team, low, high in LeaderboardEntry.objects.filter(
        competition=competition, split="public", rank_low__isnull=False).values_list("team_id", "rank_low",
                                                                                        "rank_high"))
    finals = LeaderboardEntry.objects.filter(competition=competition, split="private", final_rank__isnull=False,
                                             team_id__in=predicted).values_list("team_id", "final_rank")
    outcomes = [predicted[team][0] <= rank <= predicted[team][1] for team, rank in finals]
    return (sum(outcomes), len(outcomes)) if outcomes else None


def competitions_needing_estimate():
    """Published, unfinalized competitions whose public board changed since their last estimate."""
    changed = LeaderboardEntry.objects.filter(competition=OuterRef("pk"), split="public",
                                              updated_at__gt=OuterRef("shake_up_estimated_at"))
    return Competition.objects.filter(is_published=True, finalized_at__isnull=True).filter(
        Q(shake_up_estimated_at__isnull=True) | Exists(changed))
