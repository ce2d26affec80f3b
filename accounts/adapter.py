"""allauth's hooks: Podium's login throttle (accounts.login_throttle) instead of allauth's, the client address as
accounts.client_address finds it for every rate limit allauth keeps per address, and Podium's username rules."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils import translation
from django.utils.translation import gettext as _

from .client_address import client_address
from .language import account_language
from .names import NameRefused, name_check
from .selectors import username_imitated
from .login_throttle import (
    LoginLocked,
    account_key,
    login_failure_record,
    login_success_record,
    login_throttle_check,
)


def _login(credentials: dict) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username: str, shallow: bool = False) -> str:
        """NFKC first, so that the uniqueness check below compares canonical names; then Podium's name rules."""
        try:
            username = name_check(username)
        except NameRefused as error:
            raise forms.ValidationError(str(error), code="invalid_username")
        if not shallow and username_imitated(username):
            raise forms.ValidationError(_("'%(name)s' looks the same as the name of another account.")
                                        % {"name": username}, code="username_taken")
        return super().clean_username(username, shallow=shallow)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """In the recipient's language when the account chose one (a password reset asked for from another
        browser); otherwise in the language of the request that sends it."""
        language = account_language(context.get("user")) or translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request) -> str:
        return client_address(request)

    def pre_authenticate(self, request, **credentials) -> None:
        # Replaces allauth's login_failed limit, which also refused the right password and, behind a proxy,
        # every user at once.
        try:
            login_throttle_check(account=account_key(_login(credentials)), address=client_address(request))
        except LoginLocked as locked:
            raise forms.ValidationError(str(locked), code="too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        record = login_success_record if user else login_failure_record
        record(account=account_key(_login(credentials)), address=client_address(request))
        return user
