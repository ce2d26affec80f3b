from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import schema  # noqa: F401  (registers the OpenAPI authentication extensions)
        from .site_identity import site_sync_after_migrate

        # Sent after the sites app migrates; django.contrib.sites' own receiver leaves an existing row alone.
        post_migrate.connect(site_sync_after_migrate, sender=apps.get_app_config("sites"),
                             dispatch_uid="podium_site_sync")
