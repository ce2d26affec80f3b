import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from .names import name_skeleton

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


def username_imitated(username: str) -> bool:
    """Whether `username` spells an existing account's name with look-alike letters (`Аlice` with a Cyrillic А
    for `alice`). Only a name that has look-alikes is checked, against the name they read as: one query."""
    reads_as = name_skeleton(username)
    if reads_as == username.casefold():
        return False
    return get_user_model().objects.filter(username__iexact=reads_as).exists()
