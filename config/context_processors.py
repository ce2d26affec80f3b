from django.conf import settings
from django.utils import timezone, translation


def site_name(request) -> dict:
    """The name pages call the site by (PODIUM_SITE_NAME); from settings, so no page pays a query for it."""
    return {"site_name": settings.PODIUM_SITE_NAME}


def language_and_zone(request) -> dict:
    """The language the middleware chose (for <html lang> and the switcher) and the viewer's time zone."""
    return {
        "LANGUAGE_CODE": translation.get_language(),
        "LANGUAGES": settings.LANGUAGES,
        "TIME_ZONE_NAME": timezone.get_current_timezone_name(),
    }
