"""Times as the viewer reads them: in the zone the time-zone middleware activated, with the zone named, so that a
deadline never leaves a reader guessing between KST and UTC. Loaded as a template builtin (settings.TEMPLATES)."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.language import local_and_utc

register = template.Library()


@register.filter
def when(value: dt.datetime | None) -> str:
    """`2026-12-01 09:00 KST`: the date and time in the viewer's zone, named."""
    if not isinstance(value, dt.datetime):
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")


@register.simple_tag
def zone_name() -> str:
    """The viewer's zone as table headings name it: `KST`, `UTC`, `CET`."""
    return timezone.localtime().strftime("%Z")


@register.simple_tag
def reset_time(resets_at: dt.datetime | None = None) -> str:
    """`09:00 KST (00:00 UTC)`: when the daily submission limit resets (midnight UTC) in the viewer's zone and in
    UTC; `00:00 UTC` alone for a viewer in UTC."""
    local, utc = local_and_utc(resets_at or _next_utc_midnight())
    return _("%(local)s (%(utc)s)") % {"local": local, "utc": utc} if utc else local


@register.simple_tag
def daily_reset(resets_at: dt.datetime | None = None) -> str:
    """`resets at 09:00 KST (00:00 UTC)`, the glossary's `09:00 KST(00:00 UTC)에 초기화`."""
    return _("resets at %(time)s") % {"time": reset_time(resets_at)}


def _next_utc_midnight() -> dt.datetime:
    today = timezone.now().astimezone(dt.UTC).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
