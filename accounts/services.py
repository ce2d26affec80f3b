from django.contrib.auth.models import AbstractBaseUser

from .models import ApiKey, Preference, new_api_key


def api_key_get_or_create(*, user: AbstractBaseUser) -> ApiKey:
    api_key, _ = ApiKey.objects.get_or_create(user=user)
    return api_key


def api_key_regenerate(*, user: AbstractBaseUser) -> ApiKey:
    api_key = api_key_get_or_create(user=user)
    api_key.key = new_api_key()
    api_key.last_used_at = None
    api_key.save(update_fields=["key", "last_used_at"])
    return api_key


def preference_update(*, user: AbstractBaseUser, **fields) -> Preference:
    """Saves the given preferences (`language`, `time_zone`) of `user`, creating the row on first use."""
    preference, _ = Preference.objects.update_or_create(user=user, defaults=fields)
    user._podium_preference = preference  # what accounts.language reads for the rest of this request
    return preference
