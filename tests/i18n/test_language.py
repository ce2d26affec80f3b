"""Which language and time zone a reader gets: the account's choice, else the browser's, else PODIUM_LANGUAGE /
PODIUM_TIME_ZONE; the header's switcher; times named with their zone; the kaggle CLI in the account's language."""

import base64
import datetime as dt
import re
import zoneinfo

import pytest
from django.test import Client
from django.utils import timezone, translation

from accounts.language import activate_for_account
from accounts.models import Preference
from accounts.services import api_key_get_or_create, preference_update

pytestmark = pytest.mark.django_db

SETTINGS = "/accounts/settings/"


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _html_lang(response) -> str:
    page = response.content.decode()
    start = page.index("<html lang=\"") + len("<html lang=\"")
    return page[start:page.index("\"", start)]


def test_an_anonymous_reader_gets_the_browsers_language_else_podium_language(settings):
    settings.LANGUAGE_CODE = "ko"
    assert _html_lang(Client().get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")) == "en"
    assert _html_lang(Client().get("/", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")) == "ko"
    assert _html_lang(Client().get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "ko"  # none Podium speaks: the default
    assert _html_lang(Client().get("/")) == "ko"
    settings.LANGUAGE_CODE = "en"
    assert _html_lang(Client().get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "en"


def test_the_accounts_language_outvotes_the_browser(user):
    client = _signed_in(user)
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "en"
    preference_update(user=user, language="ko")
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert _html_lang(response) == "ko" and response["Content-Language"] == "ko"
    preference_update(user=user, language="")  # follow the browser again
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="ko")) == "ko"
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_the_switcher_works_without_javascript_for_an_anonymous_reader():
    client = Client()
    page = client.get("/competitions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="language-switcher"' in page and 'name="language" value="ko"' in page
    assert "<script>" not in page  # a plain form: the CSP forbids inline script

    response = client.post("/accounts/language/", {"language": "ko", "next": "/competitions/"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/competitions/"
    assert _html_lang(client.get("/competitions/", HTTP_ACCEPT_LANGUAGE="en")) == "ko"  # the cookie outvotes
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="ko")) == "en"


def test_the_switcher_saves_a_signed_in_readers_choice_on_the_account(user):
    response = _signed_in(user).post("/accounts/language/", {"language": "ko", "next": "/"})
    assert response.status_code == 302
    assert Preference.objects.get(user=user).language == "ko"
    assert _html_lang(_signed_in(user).get("/", HTTP_ACCEPT_LANGUAGE="en")) == "ko"  # on a second device too


def test_the_switcher_refuses_an_unknown_language_and_a_foreign_next(user):
    client = _signed_in(user)
    assert client.post("/accounts/language/", {"language": "fr"}).status_code == 400
    assert not Preference.objects.filter(user=user).exists()
    response = client.post("/accounts/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/accounts/language/").status_code == 405


def test_the_account_page_saves_language_and_zone(user):
    client = _signed_in(user)
    response = client.post(SETTINGS, {"language": "ko", "time_zone": "Europe/Berlin"})
    assert response.status_code == 302
    preference = Preference.objects.get(user=user)
    assert (preference.language, preference.time_zone) == ("ko", "Europe/Berlin")
    page = client.get(SETTINGS).content.decode()
    assert 'value="Europe/Berlin"' in page and '<option value="ko" selected>' in page


def test_an_unknown_time_zone_is_refused_with_a_clear_message(user):
    client = _signed_in(user)
    response = client.post(SETTINGS, {"language": "", "time_zone": "Mars/Olympus"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "“Mars/Olympus” is not a time zone Podium knows" in response.content.decode()
    assert not Preference.objects.filter(user=user).exists()

    response = client.post(SETTINGS, {"language": "", "time_zone": "Mars/Olympus"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert "“Mars/Olympus”은(는) Podium이 모르는 시간대입니다" in response.content.decode()


def test_times_render_in_the_accounts_zone_named(user, settings):
    settings.PODIUM_TIME_ZONE = "Asia/Seoul"
    api_key = api_key_get_or_create(user=user)
    api_key.created_at = dt.datetime(2026, 12, 1, 0, 0, tzinfo=dt.UTC)
    api_key.save(update_fields=["created_at"])
    client = _signed_in(user)
    assert "2026-12-01 09:00 KST" in client.get(SETTINGS).content.decode()  # PODIUM_TIME_ZONE
    preference_update(user=user, time_zone="Europe/Berlin")
    assert "2026-12-01 01:00 CET" in client.get(SETTINGS).content.decode()
    preference_update(user=user, time_zone="UTC")
    assert "2026-12-01 00:00 UTC" in client.get(SETTINGS).content.decode()


def test_the_daily_reset_names_the_local_time_and_utc(user, settings):
    settings.PODIUM_TIME_ZONE = "Asia/Seoul"
    client = _signed_in(user)
    assert "resets at 09:00 KST (00:00 UTC)" in client.get(SETTINGS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "09:00 KST(00:00 UTC)에 초기화" in client.get(SETTINGS, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    preference_update(user=user, time_zone="UTC")
    page = client.get(SETTINGS, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "resets at 00:00 UTC" in page and "(00:00 UTC)" not in page


def test_a_kaggle_cli_request_answers_in_the_accounts_language(user):
    """The CLI sends no Accept-Language (and whatever it sends, the account decides): a GET where the CLI's
    protocol wants a POST is refused in the account's language."""
    key = api_key_get_or_create(user=user).key
    auth = "Basic " + base64.b64encode(f"{user.username}:{key}".encode()).decode()
    url = "/api/v1/competitions.CompetitionApiService/ListCompetitions"
    english = Client().get(url, HTTP_AUTHORIZATION=auth).json()
    preference_update(user=user, language="ko")
    korean = Client().get(url, HTTP_AUTHORIZATION=auth, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english == {"code": 405, "message": 'Method "GET" not allowed.'}
    assert korean == {"code": 405, "message": '메서드 "GET"는 허용되지 않습니다.'}


def test_a_rest_request_answers_in_its_accept_language(api_client, user):
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token wrong", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("사용자 이름 또는 API 키가 올바르지 않습니다.")
    assert response.json()["error"]["code"] == "authentication_failed"  # codes stay English

    key = api_key_get_or_create(user=user).key
    preference_update(user=user, language="en")  # the REST API follows the request, not the account
    response = api_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200 and response["Content-Language"] == "ko"


def test_activate_for_account_keeps_the_request_language_when_the_account_has_none(user):
    with translation.override("en"):
        activate_for_account(user)
        assert translation.get_language() == "en"
        preference_update(user=user, language="ko")
        activate_for_account(user)
        assert translation.get_language() == "ko"


def test_an_unknown_saved_zone_falls_back_to_podium_time_zone(user, settings):
    settings.PODIUM_TIME_ZONE = "Asia/Seoul"
    Preference.objects.create(user=user, time_zone="Gone/Zone")  # a name tzdata dropped since it was saved
    assert _signed_in(user).get(SETTINGS).status_code == 200
    assert timezone.get_current_timezone_name() == "UTC"  # the middleware leaves no zone behind


def test_the_submissions_tab_says_when_the_daily_limit_resets_in_the_readers_zone(competition, user):
    from competitions.services import rules_accept

    rules_accept(competition=competition, user=user)
    client = _signed_in(user)
    url = f"/competitions/{competition.slug}/submissions/"
    preference_update(user=user, language="ko", time_zone="Asia/Seoul")
    page = client.get(url).content.decode()
    assert "09:00 KST(00:00 UTC)" in page and "초기화" in page
    preference_update(user=user, language="en", time_zone="America/New_York")
    page = client.get(url).content.decode()
    assert re.search(r"resets at (19:00 EST|20:00 EDT) \(00:00 UTC\)", page)
    preference_update(user=user, time_zone="")
    page = client.get(url).content.decode()
    assert "resets at 00:00 UTC." in page  # PODIUM_TIME_ZONE is UTC in the tests


def test_relative_times_come_translated_from_djangos_catalogue():
    from django.contrib.humanize.templatetags.humanize import naturaltime

    soon, past = timezone.now() + dt.timedelta(days=3, minutes=1), timezone.now() - dt.timedelta(hours=5)
    with translation.override("ko"):
        assert naturaltime(soon).startswith("지금부터 3일") and naturaltime(past) == "5 시간 전"
    with translation.override("en"):
        assert naturaltime(soon).startswith("3\xa0days") and naturaltime(past) == "5\xa0hours ago"


def test_follow_my_browser_on_the_account_page_forgets_the_switchers_choice(user):
    client = _signed_in(user)
    client.post("/accounts/language/", {"language": "ko", "next": "/"})
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "ko"
    client.post(SETTINGS, {"language": "", "time_zone": ""})
    assert Preference.objects.get(user=user).language == ""
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "en"  # neither account nor cookie now
    assert _html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="ko")) == "ko"


def test_the_rest_api_keeps_writing_utc_whatever_the_viewers_zone(api_client, competition, user, settings):
    settings.PODIUM_TIME_ZONE = "Asia/Seoul"
    preference_update(user=user, time_zone="Europe/Berlin")
    api_client.force_authenticate(user)
    body = api_client.get(f"/api/v1/competitions/{competition.slug}/").json()
    assert body["end_at"].endswith("Z") and body["end_at"].startswith(
        competition.end_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"))
    client = _signed_in(user)  # the same instant on a page, in the account's zone
    page = client.get(f"/competitions/{competition.slug}/").content.decode()
    assert timezone.localtime(competition.end_at, zoneinfo.ZoneInfo("Europe/Berlin")).strftime("%H:%M") in page
