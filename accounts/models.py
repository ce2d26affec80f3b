import secrets

from django.conf import settings
from django.db import models


def new_api_key() -> str:
    # 32 hex characters, the same shape as a Kaggle API key, so kaggle.json files look familiar.
    return secrets.token_hex(16)


class ApiKey(models.Model):
    """The one key a user's scripts and the kaggle CLI authenticate with; regenerating it revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_key")
    key = models.CharField(max_length=64, unique=True, default=new_api_key)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"API key of {self.user}"


class LoginFailure(models.Model):
    """One wrong password: who was tried (`account`, the user's id or, for an unknown name, the name) and from
    which client address. Kept in the database so that every web process counts the same failures."""

    account = models.CharField(max_length=200)
    address = models.GenericIPAddressField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["account", "created_at"]), models.Index(fields=["address", "created_at"])]

    def __str__(self) -> str:
        return f"Failed log-in to {self.account} from {self.address}"


class Preference(models.Model):
    """How Podium speaks to one user: the language (empty: follow the browser's Accept-Language) and the time
    zone pages show times in (empty: PODIUM_TIME_ZONE). Also read for the kaggle CLI, which sends no language."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    language = models.CharField(max_length=8, blank=True, choices=settings.LANGUAGES)
    time_zone = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
