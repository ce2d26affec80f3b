"""The reader's language and time zone for each request (see accounts.language for the order of choice)."""

from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

from .language import account_language, account_time_zone


# The REST API and the kaggle CLI's endpoints: DRF writes datetimes in the active zone, and clients expect UTC.
API_PREFIX = "/api/"


class AccountLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware (language cookie, else Accept-Language, else LANGUAGE_CODE), with the signed-in
    account's own choice first. Needs request.user, so it sits after AuthenticationMiddleware; URLs carry no
    language prefix, so its place before CommonMiddleware does not matter."""

    def process_request(self, request):
        language = account_language(request.user)
        if language is None:
            super().process_request(request)
            return
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class AccountTimeZoneMiddleware:
    """Shows every time in the viewer's zone: the account's setting, else PODIUM_TIME_ZONE. Stored times and
    the daily limit's day stay UTC; only rendering changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            return self.get_response(request)  # machine-readable answers keep UTC (ISO 8601 with Z), as before
        timezone.activate(account_time_zone(request.user))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
