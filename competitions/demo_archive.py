"""A finished demo competition, so that a newcomer sees every phase: last season's playground, with a dozen teams
that submitted over a month, finalized by the host (a frozen private board, a shake-up and medals).

It reuses the playground bundle under another slug and title; the teams' predictions are the solution with a share
of rows deliberately wrong, drawn per team from a seeded generator, so the public and private boards disagree the
way real ones do. Everything goes through the normal services: bundle loading, rules, uploads, scoring, finalizing.
"""

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import numpy as np
import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .bundles import bundle_load
from .models import Competition, RulesAcceptance, Submission, Team, TeamMembership
from .services import rules_accept
from .services.leaderboards import competition_finalize, leaderboard_rebuild
from .services.submissions import submission_create
from .tasks import task_score_submission

SLUG = "playground-weather-2025"
TITLE = "Playground 2025: What was the weather like?"
TEAMS = 12
SUBMISSIONS_PER_TEAM = 3
SEASON_DAYS = 30
ENDED_DAYS_AGO = 10


def archive_seed(*, playground: Path, host) -> Competition | None:
    """Creates and finalizes the finished demo competition; None when it exists already (idempotent)."""
    if Competition.objects.filter(slug=SLUG).exists():
        return None
    competition = _load_open(playground)
    competition.hosts.add(host)
    solution = _solution(playground)
    rng = np.random.default_rng(2025)
    uploads = []
    for number in range(1, TEAMS + 1):
        user = _demo_user(number)
        rules_accept(competition=competition, user=user)
        for attempt in range(SUBMISSIONS_PER_TEAM):
            accuracy = 0.55 + 0.035 * number + 0.03 * attempt + rng.normal(0, 0.02)
            data = _predictions(solution, accuracy=min(accuracy, 0.98), rng=rng)
            submission, _ = submission_create(competition=competition, user=user, data=data,
                                              filename=f"try{attempt + 1}.csv")
            task_score_submission.apply(args=[submission.pk])
            uploads.append(submission.pk)
    _backdate(competition, uploads)
    return competition_finalize(competition=Competition.objects.get(pk=competition.pk), actor=host)


def _load_open(playground: Path) -> Competition:
    """The playground bundle as last season's competition, still open for a minute so that the teams can submit."""
    with tempfile.TemporaryDirectory() as folder:
        bundle = Path(folder) / "bundle"
        shutil.copytree(playground, bundle)
        config = yaml.safe_load((bundle / "competition.yaml").read_text(encoding="utf-8"))
        config.update(slug=SLUG, title=TITLE, hosts=[], late_submissions=False,
                      timeline={"start": f"-{SEASON_DAYS + ENDED_DAYS_AGO} days", "end": "+1 hours"})
        config["limits"] = {**config.get("limits", {}), "daily_submissions": SUBMISSIONS_PER_TEAM}
        (bundle / "competition.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        return bundle_load(bundle)


def _solution(playground: Path) -> list[tuple[str, int]]:
    lines = (playground / "solution.csv").read_text(encoding="utf-8").splitlines()[1:]
    return [(row_id, int(target)) for row_id, target, *_ in (line.split(",") for line in lines)]


def _predictions(solution: list[tuple[str, int]], *, accuracy: float, rng) -> bytes:
    wrong = rng.random(len(solution)) > accuracy
    rows = [f"{row_id},{(target + 1 + int(rng.integers(2))) % 3 if miss else target}"
            for (row_id, target), miss in zip(solution, wrong)]
    return ("ID,target\n" + "\n".join(rows) + "\n").encode()


def _demo_user(number: int):
    user, created = get_user_model().objects.get_or_create(username=f"weather{number:02d}",
                                                           defaults={"email": f"weather{number:02d}@podium.local"})
    if created:
        user.set_unusable_password()  # demo rows only: nobody logs in as them
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def _backdate(competition: Competition, submission_ids: list[int]) -> None:
    """Spreads the uploads over the season and moves the end into the past, as if it had all happened."""
    end = timezone.now() - dt.timedelta(days=ENDED_DAYS_AGO)
    step = dt.timedelta(days=SEASON_DAYS) / (len(submission_ids) + 1)
    for index, pk in enumerate(submission_ids, start=1):
        when = end - dt.timedelta(days=SEASON_DAYS) + step * index
        Submission.objects.filter(pk=pk).update(created_at=when, scored_at=when + dt.timedelta(minutes=1))
    _backdate_joining(competition, start=end - dt.timedelta(days=SEASON_DAYS))
    Competition.objects.filter(pk=competition.pk).update(end_at=end, entry_deadline=None, team_merger_deadline=None)
    leaderboard_rebuild(competition=competition)  # the boards' "submitted at" follow the new dates


def _backdate_joining(competition: Competition, *, start) -> None:
    """Each team joined (accepted the rules, formed) in the season's first days, before its first upload."""
    for index, team in enumerate(Team.objects.filter(competition=competition).order_by("pk")):
        joined = start + dt.timedelta(hours=5 * index)
        Team.objects.filter(pk=team.pk).update(created_at=joined)
        TeamMembership.objects.filter(team=team).update(joined_at=joined)
        RulesAcceptance.objects.filter(competition=competition, user_id=team.leader_id).update(accepted_at=joined)

