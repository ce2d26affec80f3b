"""The materialized boards: one row per (competition, split, team), recomputed for a team whenever one of its
scores, selections or members changes, inside the transaction that made the change."""

import math
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Competition, CompetitionEvent, LeaderboardEntry, Score, Submission, Team

Split = LeaderboardEntry.Split
Medal = LeaderboardEntry.Medal


@dataclass(frozen=True)
class BoardRow:
    score: float
    submission_id: int
    submitted_at: object


def _sort_key(competition: Competition, value: float) -> float:
    return -value if competition.metric.greater_is_better else value


def _scored_in_time(team: Team):
    """Late submissions are scored but never ranked."""
    return team.submissions.filter(status=Submission.Status.SCORED, is_late=False)


def _active_scores(team: Team, split: str) -> list[tuple[float, object, int]]:
    rows = Score.objects.filter(submission__in=_scored_in_time(team), split=split, is_active=True)
    return [(value, created_at, pk) for value, created_at, pk in
            rows.values_list("value", "submission__created_at", "submission_id")]


def _best(competition: Competition, scores: list[tuple[float, object, int]]) -> BoardRow | None:
    if not scores:
        return None
    value, created_at, pk = min(scores, key=lambda s: (_sort_key(competition, s[0]), s[1], s[2]))
    return BoardRow(score=value, submission_id=pk, submitted_at=created_at)


def final_candidates(team: Team, public: list[tuple[float, object, int]]) -> set[int]:
    """The submissions that count on the private board: the team's selection, or its best N public ones."""
    competition = team.competition
    selected = set(_scored_in_time(team).filter(is_selected=True).values_list("pk", flat=True))
    if selected:
        return selected
    ordered = sorted(public, key=lambda s: (_sort_key(competition, s[0]), s[1], s[2]))
    return {pk for _, _, pk in ordered[: competition.max_final_selections]}


def team_board_rows(team: Team) -> dict[str, BoardRow | None]:
    competition = team.competition
    public = _active_scores(team, Split.PUBLIC)
    candidates = final_candidates(team, public)
    private = [s for s in _active_scores(team, Split.PRIVATE) if s[2] in candidates]
    return {Split.PUBLIC: _best(competition, public), Split.PRIVATE: _best(competition, private)}


def leaderboard_refresh_team(*, team: Team) -> None:
    """Recomputes the team's two rows from its score rows. Call inside the transaction that changed them.

    A finalized competition's rows are its frozen result (final rank, private score, shake-up, medal) and are
    never recomputed: boards, profiles, write-ups, CSV, the API and the kaggle CLI all read them. Changing a final
    result takes an explicit, recorded reopen (competition_reopen)."""
    competition = Competition.objects.only("finalized_at").get(pk=team.competition_id)
    if competition.finalized_at:
        return
    competition = team.competition
    counted = team.submissions.exclude(status=Submission.Status.ERROR)
    entries, last = counted.count(), counted.order_by("-created_at").values_list("created_at", flat=True).first()
    active = team.merged_into_id is None
    for split, row in team_board_rows(team).items():
        if row is None or not active:
            LeaderboardEntry.objects.filter(competition=competition, split=split, team=team).delete()
            continue
        ci_low, ci_high = (Score.objects.filter(submission_id=row.submission_id, split=split, is_active=True)
                           .values_list("ci_low", "ci_high").first() or (None, None))
        LeaderboardEntry.objects.update_or_create(
            competition=competition, split=split, team=team,
            defaults={"score": row.score, "sort_key": _sort_key(competition, row.score), "ci_low": ci_low,
                      "ci_high": ci_high,
                      "submission_id": row.submission_id, "submitted_at": row.submitted_at, "entries": entries,
                      "last_submission_at": last, "is_ranked": team.is_ranked})


def leaderboard_rebuild(*, competition: Competition) -> list[str]:
    """Recomputes every row of a competition's boards; returns a line per row that differed (and was fixed)."""
    fields = ("score", "submission_id", "entries", "is_ranked")
    before = {(e.split, e.team_id): tuple(getattr(e, f) for f in fields)
              for e in LeaderboardEntry.objects.filter(competition=competition)}
    with transaction.atomic():
        for team in competition.teams.all():
            leaderboard_refresh_team(team=team)
    after = {(e.split, e.team_id): tuple(getattr(e, f) for f in fields)
             for e in LeaderboardEntry.objects.filter(competition=competition)}
    return [f"{competition.slug} {split} team {team_id}: {before.get((split, team_id))} -> "
            f"{after.get((split, team_id))}"
            for split, team_id in sorted(set(before) | set(after)) if before.get((split, team_id)) !=
            after.get((split, team_id))]


def board_order(competition: Competition, split: str):
    return (LeaderboardEntry.objects.filter(competition=competition, split=split)
            .order_by("sort_key", "submitted_at", "team_id"))


def medal_cutoffs(team_count: int) -> dict[str, int]:
    """How many ranked teams get each medal (Kaggle's table by team count; fractions rounded down)."""
    n = team_count
    if n < 100:
        gold, silver, bronze = math.floor(0.1 * n), math.floor(0.2 * n), math.floor(0.4 * n)
    elif n < 250:
        gold, silver, bronze = 10, math.floor(0.2 * n), math.floor(0.4 * n)
    elif n < 1000:
        gold, silver, bronze = 10 + math.floor(0.002 * n), 50, 100
    else:
        gold, silver, bronze = 10 + math.floor(0.002 * n), math.floor(0.05 * n), math.floor(0.1 * n)
    return {Medal.GOLD: gold, Medal.SILVER: silver, Medal.BRONZE: bronze}


def medal_for(rank: int, cutoffs: dict[str, int]) -> str:
    for medal in (Medal.GOLD, Medal.SILVER, Medal.BRONZE):
        if rank <= cutoffs[medal]:
            return medal
    return ""


class CompetitionFinalized(PermissionError):
    """A change to the results of a finalized competition, which needs an explicit reopen first."""

    def __init__(self, competition: Competition):
        super().__init__(_("The results of %(title)s are final. Reopen the competition, giving a reason, before "
                           "changing them.") % {"title": competition.title})


class FinalizeRefused(ValueError):
    pass


@dataclass(frozen=True)
class FinalStanding:
    entry: LeaderboardEntry
    final_rank: int
    public_rank: int | None
    medal: str

    @property
    def shake_up(self) -> int | None:
        return None if self.public_rank is None else self.public_rank - self.final_rank

    @property
    def places_moved(self) -> int:
        return abs(self.shake_up or 0)

    @property
    def medal_label(self) -> str:
        """The medal's name in the active language ("" without one)."""
        return str(Medal(self.medal).label) if self.medal else ""


def final_standings(*, competition: Competition) -> list[FinalStanding]:
    """The private board as finalization would freeze it now: ranks, public ranks (for the shake-up), medals."""
    public_ranks = {e.team_id: rank for rank, e in
                    enumerate(board_order(competition, Split.PUBLIC).filter(is_ranked=True), start=1)}
    private = list(board_order(competition, Split.PRIVATE).filter(is_ranked=True).select_related("team"))
    cutoffs = medal_cutoffs(len(private))
    return [FinalStanding(entry=entry, final_rank=rank, public_rank=public_ranks.get(entry.team_id),
                          medal=medal_for(rank, cutoffs)) for rank, entry in enumerate(private, start=1)]


def finalize_check(*, competition: Competition, now=None) -> None:
    """Raises FinalizeRefused, saying why, unless the competition can be finalized now."""
    now = now or timezone.now()
    if competition.finalized_at:
        raise FinalizeRefused(_("%(title)s is already finalized.") % {"title": competition.title})
    if now < competition.end_at:
        raise FinalizeRefused(_("%(title)s ends on %(end)s UTC; it can be finalized only after the end.") % {
            "title": competition.title, "end": f"{competition.end_at:%Y-%m-%d %H:%M}"})
    pending = competition.submissions.filter(
        status__in=[Submission.Status.QUEUED, Submission.Status.SCORING], is_late=False).count()
    if pending:
        raise FinalizeRefused(_("%(count)d submission(s) of %(title)s are still queued or being scored; finalize "
                                "once they are scored.") % {"count": pending, "title": competition.title})


def competition_finalize(*, competition: Competition, actor=None) -> Competition:
    """Freezes the result after the end: private ranks, the public-to-private shake-up and medals are stored once,
    the private board is revealed, and the rows are not recomputed again until a recorded reopen."""
    with transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        finalize_check(competition=competition)
        for team in competition.teams.all():
            leaderboard_refresh_team(team=team)
        from .shake_up import shake_up_estimate  # it reads the boards this module keeps

        shake_up_estimate(competition=competition)  # the last prediction, kept for the calibration line
        standings = final_standings(competition=competition)
        for standing in standings:
            entry = standing.entry
            entry.final_rank, entry.public_rank, entry.medal = standing.final_rank, standing.public_rank, standing.medal
        LeaderboardEntry.objects.bulk_update([s.entry for s in standings], ["final_rank", "public_rank", "medal"])
        competition.finalized_at = timezone.now()
        competition.save(update_fields=["finalized_at"])
        CompetitionEvent.objects.create(competition=competition, kind=CompetitionEvent.Kind.FINALIZED, actor=actor)
    return competition


def competition_reopen(*, competition: Competition, actor, reason: str) -> Competition:
    """Unfreezes a finalized competition so that its host can rescore or disqualify; recorded with its reason
    and shown on the board. Finalizing again freezes the corrected result."""
    reason = reason.strip()
    if len(reason) < 10:
        raise FinalizeRefused(_("Say why the competition is reopened (at least 10 characters): participants see "
                                "it on the leaderboard."))
    with transaction.atomic():
        competition = Competition.objects.select_for_update().get(pk=competition.pk)
        if not competition.finalized_at:
            raise FinalizeRefused(_("%(title)s is not finalized.") % {"title": competition.title})
        competition.finalized_at = None
        competition.save(update_fields=["finalized_at"])
        LeaderboardEntry.objects.filter(competition=competition).update(final_rank=None, public_rank=None, medal="")
        for team in competition.teams.all():
            leaderboard_refresh_team(team=team)
        CompetitionEvent.objects.create(competition=competition, kind=CompetitionEvent.Kind.REOPENED, actor=actor,
                                        reason=reason)
    return competition


def competition_results_check_open(*, competition: Competition) -> None:
    """Raises CompetitionFinalized when a change would alter a finalized competition's results."""
    if Competition.objects.filter(pk=competition.pk, finalized_at__isnull=False).exists():
        raise CompetitionFinalized(competition)
