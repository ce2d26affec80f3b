"""The accounts and teams behind the marked baseline rows (`seed_demo`'s trivial ones, `reference_bot`'s trained
ones)."""

from django.contrib.auth import get_user_model

from ..models import Competition, Team
from .hosting import rules_accept
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
