import secrets

from django.contrib.auth.models import AbstractBaseUser

from .models import ApiKey


def user_by_api_key(*, key: str, username: str | None = None) -> AbstractBaseUser | None:
    """The active user owning `key` (and named `username`, when given), or None."""
    if "\x00" in key or "\x00" in (username or ""):
        return None  # no key holds NUL, and PostgreSQL refuses it in a query (a 500, not a failed log-in)
    api_key = ApiKey.objects.select_related("user").filter(key=key).first()
    if api_key is None or not api_key.user.is_active:
        return None
    if username is not None and not secrets.compare_digest(api_key.user.get_username(), username):
        return None
    return api_key.user
