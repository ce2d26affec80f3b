"""REST authentication with a user's Podium API key: `Authorization: Token <key>` or HTTP Basic `username:key`."""

import base64
import binascii
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiKey
from .selectors import user_by_api_key

INVALID = _("Invalid username or API key. Find your key on your account settings page.")


TOUCH_EVERY = timedelta(minutes=1)
# When this process last recorded each key's use: within the minute it skips even the conditional UPDATE.
_touched: dict[str, datetime] = {}


def _touch(user, key: str) -> None:
    """Records when the key was last used, at most once a minute (an UPDATE per request costs every caller)."""
    now = timezone.now()
    if (last := _touched.get(key)) is not None and timedelta(0) <= now - last < TOUCH_EVERY:
        return
    ApiKey.objects.filter(user=user).exclude(last_used_at__gt=now - TOUCH_EVERY).update(last_used_at=now)
    if len(_touched) > 10_000:  # bounds the memory; the next request of each key simply touches again
        _touched.clear()
    _touched[key] = now


class ApiKeyTokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="replace").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header: expected 'Token <key>'."))
        key = parts[1].decode(errors="replace")
        user = user_by_api_key(key=key)
        if user is None:
            raise exceptions.AuthenticationFailed(INVALID)
        _touch(user, key)
        return (user, None)

    def authenticate_header(self, request):
        return "Token"


class ApiKeyBasicAuthentication(authentication.BaseAuthentication):
    """Basic auth whose password is the API key, never the account password (what the kaggle CLI sends)."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"basic":
            return None
        try:
            username, _colon, key = base64.b64decode(parts[1], validate=True).decode("utf-8").partition(":")
        except (IndexError, binascii.Error, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed(
                _("Malformed Basic credentials: expected base64 of 'username:key'."))
        user = user_by_api_key(key=key, username=username)
        if user is None:
            raise exceptions.AuthenticationFailed(INVALID)
        _touch(user, key)
        return (user, None)

    def authenticate_header(self, request):
        return 'Basic realm="api"'
