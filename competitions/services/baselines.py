"""The accounts and teams behind the marked baseline rows (`submit_baseline`'s trivial ones, `reference_bot`'s
trained ones)."""

from django.contrib.auth import get_user_model

from ..models import Competition, Submission, Team
from .hosting import rules_accept
from .submissions import submission_create
from .teams import team_create_solo, team_of, team_rename


def bot_user(username: str):
    """An account that only submits through the API (no password to log in with)."""
    user, created = get_user_model().objects.get_or_create(username=username,
                                                           defaults={"email": f"{username}@podium.local"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def baseline_team(*, competition: Competition, user, name: str) -> Team:
    """The user's marked, unranked baseline team in ``competition`` (created on first use, rules accepted)."""
    team = team_of(competition=competition, user=user)
    if team is None:
        team = team_create_solo(competition=competition, user=user, kind=Team.Kind.BASELINE)
        team_rename(team=team, actor=user, name=name)
    rules_accept(competition=competition, user=user)
    return team


def baseline_submit(*, competition: Competition, username: str, team_name: str, data: bytes, filename: str,
                    description: str = "") -> tuple[Team, Submission | None]:
    """Submit ``data`` once as the marked, unranked baseline team ``team_name`` of bot ``username``.

    Goes through `submission_create`, so the file is validated and scored like any upload. Returns the team
    and the new submission, or None when the team has submitted before (seeding runs on every `make run`).
    """
    bot = bot_user(username)
    team = baseline_team(competition=competition, user=bot, name=team_name)
    if team.submissions.exists():
        return team, None
    submission, _ = submission_create(competition=competition, user=bot, data=data, filename=filename,
                                      description=description, idempotency_key=f"baseline-{team.pk}")
    return team, submission
