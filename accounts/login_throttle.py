"""Login throttling that an attacker cannot turn against the people they attack.

Failures are counted three ways, each over a sliding window (PODIUM_LOGIN_LIMITS overrides the defaults):
- one account from one address: that address may no longer try that account;
- one address, over all accounts: that address may no longer try any account (password spraying);
- one account, over all addresses: only addresses that already failed on the account are refused (a distributed
  guess), so the owner's correct password from a fresh address still works.
A lockout ends by itself when enough failures leave the window, and the refusal says when.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from .models import LoginFailure

DEFAULT_LIMITS = {"account_address": (5, 15 * 60), "address": (20, 15 * 60), "account": (50, 60 * 60)}


@dataclass
class LoginLocked(Exception):
    until: datetime

    @property
    def retry_after(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds()) + 1)

    def __str__(self) -> str:
        minutes = -(-self.retry_after // 60)
        return ngettext(
            "Too many failed sign-ins. Try again in %(minutes)d minute, at %(time)s.",
            "Too many failed sign-ins. Try again in %(minutes)d minutes, at %(time)s.", minutes,
        ) % {"minutes": minutes, "time": timezone.localtime(self.until).strftime("%H:%M %Z")}  # the reader's zone


def _limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_LIMITS, **getattr(settings, "PODIUM_LOGIN_LIMITS", {})}


def _limit(name: str) -> tuple[int, int]:
    return _limits()[name]


def account_key(login: str) -> str:
    """The account a log-in names, by username or e-mail in any case, so that spelling it another way does not
    start a fresh count; an unknown name is counted as itself."""
    login = login.strip().lower()
    users = get_user_model().objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
    pk = users.values_list("pk", flat=True).first()
    return f"user:{pk}" if pk is not None else f"name:{login[:190]}"


def _locked_until(failures: QuerySet, limit: tuple[int, int], now: datetime) -> datetime | None:
    """When the window stops holding `count` failures, or None when it holds fewer now."""
    count, seconds = limit
    recent = failures.filter(created_at__gte=now - timedelta(seconds=seconds)).order_by("-created_at")
    times = list(recent.values_list("created_at", flat=True)[:count])
    return times[-1] + timedelta(seconds=seconds) if len(times) >= count else None


def login_throttle_check(*, account: str, address: str) -> None:
    """Raises LoginLocked when this address may not try this account now."""
    now = timezone.now()
    pair = LoginFailure.objects.filter(account=account, address=address)
    locks = [_locked_until(pair, _limit("account_address"), now),
             _locked_until(LoginFailure.objects.filter(address=address), _limit("address"), now)]
    window = timedelta(seconds=_limit("account")[1])
    if pair.filter(created_at__gte=now - window).exists():
        locks.append(_locked_until(LoginFailure.objects.filter(account=account), _limit("account"), now))
    if until := max((lock for lock in locks if lock), default=None):
        raise LoginLocked(until=until)


def login_failure_record(*, account: str, address: str) -> None:
    LoginFailure.objects.create(account=account, address=address)
    longest = max(seconds for _count, seconds in _limits().values())
    LoginFailure.objects.filter(created_at__lt=timezone.now() - timedelta(seconds=longest)).delete()


def login_success_record(*, account: str, address: str) -> None:
    """The right password from this address: its own failures on the account no longer count against it."""
    LoginFailure.objects.filter(account=account, address=address).delete()
