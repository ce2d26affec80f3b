"""Reads for honest boards: which teams are statistically tied with the leader, and how much of the public board
is noise. Public rows only: the stored resamples come from public rows, and nothing here reads a private score."""

from dataclasses import dataclass

import numpy as np

from scoring.bootstrap import tied

from .models import Competition, LeaderboardEntry, Score


@dataclass(frozen=True)
class NoiseNote:
    rows: int  # public rows the board stands on
    half_width: float  # half the width of the leader's 95% interval: differences smaller than this are noise


def board_mark_ties(*, competition: Competition, rows: list) -> None:
    """Sets `tied_with_leader` on each public board row: a paired bootstrap of the leader's lead over the team, on
    the competition's shared resamples, reaches zero. False for the leader itself and for rows without resamples."""
    leader = _leader(competition)
    for row in rows:
        row.tied_with_leader = False
    if leader is None:
        return
    wanted = {row.submission_id for row in rows if row.rank is not None} | {leader.submission_id}
    resamples = {pk: np.frombuffer(data, dtype=np.float32) for pk, data in Score.objects.filter(
        submission_id__in=wanted, split="public", is_active=True, resamples__isnull=False).values_list(
        "submission_id", "resamples")}
    lead = resamples.get(leader.submission_id)
    if lead is None:
        return
    better = competition.metric.greater_is_better
    for row in rows:
        team = resamples.get(row.submission_id)
        if row.rank is not None and row.team_id != leader.team_id and team is not None and team.size == lead.size:
            row.tied_with_leader = tied(team=team, leader=lead, greater_is_better=better)


def board_noise_note(*, competition: Competition) -> NoiseNote | None:
    leader = _leader(competition)
    solution = getattr(competition, "solution", None)
    if leader is None or leader.ci_low is None or solution is None:
        return None
    return NoiseNote(rows=solution.public_rows, half_width=(leader.ci_high - leader.ci_low) / 2)


def _leader(competition: Competition) -> LeaderboardEntry | None:
    from .services.leaderboards import board_order

    return board_order(competition, "public").filter(is_ranked=True).first()
