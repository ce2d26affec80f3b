"""Which language and time zone Podium uses for a reader. Language: the account's setting, else the switcher's
cookie, else Accept-Language, else PODIUM_LANGUAGE (the last three are Django's LocaleMiddleware). Time zone: the
account's setting, else PODIUM_TIME_ZONE."""

import datetime
import functools
import zoneinfo

from django.conf import settings
from django.utils import timezone, translation

from .models import Preference

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def account_preference(user) -> Preference | None:
    """The saved preferences of a signed-in user, or None (anonymous, or never saved): one query, memoised on
    the user object so that the middleware and the views share it."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_podium_preference"):
        user._podium_preference = Preference.objects.filter(user=user).first()
    return user._podium_preference


def account_language(user) -> str | None:
    preference = account_preference(user)
    return preference.language if preference and preference.language in SUPPORTED else None


def account_time_zone(user) -> zoneinfo.ZoneInfo:
    preference = account_preference(user)
    return zone_or_default(preference.time_zone if preference else "")


def zone_or_default(name: str) -> zoneinfo.ZoneInfo:
    """The named zone, or PODIUM_TIME_ZONE for an empty or (since saved) unknown name."""
    if name and is_time_zone(name):
        return zoneinfo.ZoneInfo(name)
    return zoneinfo.ZoneInfo(settings.PODIUM_TIME_ZONE)


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


@functools.cache
def time_zone_names() -> frozenset[str]:
    """Every IANA name this system knows; cached, because listing them walks the zone files (most of a second)."""
    return frozenset(zoneinfo.available_timezones())


def local_and_utc(moment: datetime.datetime) -> tuple[str, str | None]:
    """`("09:00 KST", "00:00 UTC")`: a moment's time of day in the active (the viewer's) zone and in UTC, for the
    daily limit's reset; `("00:00 UTC", None)` for a viewer in UTC."""
    local = timezone.localtime(moment).strftime("%H:%M %Z")
    utc = moment.astimezone(datetime.UTC).strftime("%H:%M UTC")
    return (utc, None) if local == utc else (local, utc)


def activate_for_account(user) -> None:
    """Speaks the account's language for the rest of this request, when the account chose one; otherwise the
    language the middleware picked from the request stays. For callers that authenticate past the middleware
    (the kaggle CLI's API key): the CLI sends no Accept-Language, so the account is the only signal."""
    language = account_language(user)
    if language:
        translation.activate(language)
