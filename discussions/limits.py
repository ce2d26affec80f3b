"""Per-user rate limits on community writes, counted in the database (RateEvent), so that every web process and
worker shares them without a shared cache. Limits are (count, seconds) windows; settings may override them with
PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(count, seconds), ...], "vote": [...]}.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import RateEvent

DEFAULT_RATE_LIMITS = {
    "post": [(8, 60), (60, 3600)],  # topics, replies, comments, code uploads and forks
    "vote": [(30, 60), (300, 3600)],
}


class RateLimited(Exception):
    def __init__(self, *, action: str, count: int, seconds: int):
        self.retry_after = seconds
        if action == "post":
            text = _("Slow down: at most {count} posts in {window}. Try again later.")
        else:
            text = _("Slow down: at most {count} votes in {window}. Try again later.")
        super().__init__(text.format(count=count, window=_window_text(seconds)))


def _window_text(seconds: int) -> str:
    if seconds >= 60:
        minutes = seconds // 60
        return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)
    return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)


def _limits(action: str) -> list[tuple[int, int]]:
    configured = getattr(settings, "PODIUM_COMMUNITY_RATE_LIMITS", None) or {}
    return configured.get(action, DEFAULT_RATE_LIMITS[action])


@transaction.atomic
def rate_limit_hit(*, user: User, action: str) -> None:
    """Records one ``action`` by ``user``, or raises RateLimited when a window is already full.

    The user's row is locked while counting, so two simultaneous requests cannot both take the last slot.
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    now = timezone.now()
    windows = _limits(action)
    events = RateEvent.objects.filter(user=user, action=action)
    for count, seconds in windows:
        if events.filter(created_at__gte=now - dt.timedelta(seconds=seconds)).count() >= count:
            raise RateLimited(action=action, count=count, seconds=seconds)
    longest = max(seconds for _, seconds in windows)
    events.filter(created_at__lt=now - dt.timedelta(seconds=longest)).delete()
    RateEvent.objects.create(user=user, action=action)
