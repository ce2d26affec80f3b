from django.conf import settings


def site_name(request) -> dict:
    """The name pages call the site by (PODIUM_SITE_NAME); from settings, so no page pays a query for it."""
    return {"site_name": settings.PODIUM_SITE_NAME}
