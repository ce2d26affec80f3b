"""The site's name and domain, from settings into django.contrib.sites' row, which allauth's e-mails read.

Without this the row keeps the "example.com" that django.contrib.sites creates, and sign-up and password-reset
e-mails say "[example.com] … Hello from example.com!".
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.sites.models import Site
from django.db import router


def site_sync(*, site_model, using: str = "default") -> None:
    """Writes PODIUM_SITE_NAME and PODIUM_DOMAIN into the SITE_ID row, creating it or updating an existing one."""
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"name": settings.PODIUM_SITE_NAME, "domain": settings.PODIUM_DOMAIN})
    Site.objects.clear_cache()  # get_current() caches the row per process


def site_sync_after_migrate(sender, *, apps=global_apps, using: str = "default", **kwargs) -> None:
    """post_migrate receiver (accounts/apps.py): every migrate applies the current settings. flush (between
    transactional tests) sends the signal too, without the migration state's `apps`: the live registry serves."""
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:  # a partial migrate that has not reached django.contrib.sites yet
        return
    if router.allow_migrate_model(using, site_model):
        site_sync(site_model=site_model, using=using)
