"""Podium in Korean, in Debian's Chromium: a newcomer whose browser asks for Korean signs up, sets the account to
Korean and Asia/Seoul, accepts the rules, submits, reads the board, opens a topic and switches to English and back
with the header's switcher (a plain form: no script). Screenshots of the main pages in ko and en at 1366 px and
390 px go to PODIUM_SCREENSHOTS (or a temporary folder the test prints); docs/screenshots/{ko,en}-*.png are these."""

import io
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from PIL import Image

from accounts.models import Preference
from competitions.models import Competition, RulesAcceptance, Submission
from competitions.services import rules_accept
from competitions.services.submissions import submission_create
from discussions.models import Topic
from discussions.services import topic_create

from ..factories import UserFactory
from .conftest import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "playground-weather"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MAX_BYTES = 200_000  # per picture in docs/screenshots


@pytest.fixture
def demo(db, settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    call_command("seed_demo", "--no-reference", verbosity=0)
    return Competition.objects.get(slug=SLUG)


def _page(browser, viewport: dict, locale: str):
    phone = viewport is PHONE
    context = browser.new_context(viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _save_small(png: bytes, target: Path) -> None:
    """A 256-colour PNG: a flat UI loses nothing visible (octree keeps rare colours such as the bronze zone)
    and the file is a fifth of the size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(target, optimize=True)


def _lang(page) -> str:
    return page.get_attribute("html", "lang")


def test_a_korean_newcomer_signs_up_submits_reads_the_board_posts_and_switches_language(
        browser, live_server, demo):
    page = _page(browser, DESKTOP, "ko-KR")
    base = live_server.url
    page.goto(base)
    assert _lang(page) == "ko"

    page.get_by_role("navigation").get_by_role("link", name="회원가입").click()
    sign_up(page, "minji")
    assert _lang(page) == "ko" and page.get_by_role("button", name="로그아웃").is_visible()

    page.click("[data-testid=nav-user]")  # account settings: Korean and Seoul time, saved on the account
    page.select_option("select[name=language]", "ko")
    page.fill("input[name=time_zone]", "Mars/Olympus")
    page.click("[data-testid=preference-form] button[type=submit]")
    assert "Mars/Olympus" in page.text_content("[data-testid=time-zone-error]")
    page.fill("input[name=time_zone]", "Asia/Seoul")
    page.click("[data-testid=preference-form] button[type=submit]")
    page.wait_for_load_state()
    preference = Preference.objects.get(user__username="minji")
    assert (preference.language, preference.time_zone) == ("ko", "Asia/Seoul")

    page.goto(f"{base}/competitions/{SLUG}/rules/")
    page.click("[data-testid=accept-rules]")
    page.wait_for_load_state()
    assert RulesAcceptance.objects.filter(user__username="minji").count() == 1

    sample = demo.data_files.get(is_sample_submission=True)
    with sample.file.open("rb") as handle:
        sample_bytes = handle.read()
    page.goto(f"{base}/competitions/{SLUG}/submissions/")
    page.set_input_files("input[name=file]", files=[{"name": "샘플.csv", "mimeType": "text/csv",
                                                     "buffer": sample_bytes}])
    page.click("[data-testid=submit]")
    page.locator("[data-testid=submission-row] [data-testid=public-score]").first.wait_for()
    assert Submission.objects.filter(team__leader__username="minji").count() == 1
    assert HANGUL.search(page.text_content("[data-testid=quota]"))
    assert "09:00 KST(00:00 UTC)" in page.text_content("[data-testid=quota-reset]")  # the glossary's form
    assert page.text_content("[data-testid=daily-reset]").endswith("(09:00 KST, 00:00 UTC)")  # the countdown

    page.goto(f"{base}/competitions/{SLUG}/leaderboard/")
    assert "minji" in page.locator("[data-testid=leaderboard]").inner_text()
    assert HANGUL.search(page.locator("[data-testid=leaderboard] thead").inner_text())

    page.goto(f"{base}/competitions/{SLUG}/discussion/")
    page.click("[data-testid=new-topic]")
    page.fill("#topic-title", "검증 폴드는 어떻게 나누나요?")
    page.fill("#topic-body", "시간 순서대로 **다섯 개**로 나눴습니다.")
    page.click("[data-testid=topic-form] button[type=submit]")
    page.wait_for_selector("[data-testid=topic-title]")
    assert page.locator("strong", has_text="다섯 개").is_visible()
    topic_url = page.url

    page.click("[data-testid=language-en]")  # the header's switcher: back on the same page, in English
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.url == topic_url and page.get_by_role("button", name="Log out").is_visible()
    assert Preference.objects.get(user__username="minji").language == "en"
    page.click("[data-testid=language-ko]")
    page.wait_for_function("document.documentElement.lang === 'ko'")
    assert page.get_by_role("button", name="로그아웃").is_visible()
    assert Topic.objects.filter(title="검증 폴드는 어떻게 나누나요?").count() == 1
    page.context.close()


def test_an_anonymous_visitor_switches_language_without_javascript(browser, live_server, demo):
    context = browser.new_context(viewport=DESKTOP, locale="en-US", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/competitions/")
    assert _lang(page) == "en"
    page.click("[data-testid=language-ko]")
    assert _lang(page) == "ko" and page.url == f"{live_server.url}/competitions/"
    page.goto(live_server.url)
    assert _lang(page) == "ko"  # remembered in a cookie
    context.close()


TOPICS = {"ko": [("검증 폴드는 어떻게 나누나요?", "시간 순서대로 **다섯 개**로 나눴습니다."),
                 ("베이스라인 점수 공유합니다", "Macro F1 0.61이 나왔습니다.")],
          "en": [("How do you split the validation folds?", "By time, in **five** folds."),
                 ("Sharing my baseline score", "Macro F1 0.61 so far.")]}


def _populate(competition, language: str) -> None:
    """Teams with different scores (each one answers a different share of the rows right), alice among them,
    and two topics in the screenshot's language."""
    with competition.solution.file.open("rb") as handle:
        truth = [line.split(",")[:2] for line in handle.read().decode().splitlines()[1:]]
    alice = get_user_model().objects.get(username="alice")
    users = [alice] + [UserFactory(username=name) for name in ("jisoo", "minho", "bora", "tom", "ana", "kenji")]
    for index, user in enumerate(users):
        right = len(truth) * (index + 3) // (len(users) + 3)
        rows = [f"{row_id},{target if n < right else truth[0][1]}" for n, (row_id, target) in enumerate(truth)]
        rules_accept(competition=competition, user=user)
        submission_create(competition=competition, user=user, data=("ID,target\n" + "\n".join(rows)).encode(),
                          filename=f"{user.username}.csv")
    for title, body in TOPICS[language]:
        topic_create(user=alice, competition=competition, title=title, body=body)


PAGES = {"home": "/", "overview": f"/competitions/{SLUG}/", "board": f"/competitions/{SLUG}/leaderboard/",
         "submissions": f"/competitions/{SLUG}/submissions/", "discussion": f"/competitions/{SLUG}/discussion/"}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_screenshots_of_the_main_pages(browser, live_server, demo, settings, tmp_path, language):
    """alice, who chose no language, reads Podium in her browser's; Korean readers in Seoul time."""
    settings.PODIUM_TIME_ZONE = "Asia/Seoul" if language == "ko" else "UTC"
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(100, 60)], "vote": [(100, 60)]}
    _populate(demo, language)
    folder = Path(os.environ.get("PODIUM_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nKorean/English screenshots: {folder}")
    client = Client()
    client.force_login(get_user_model().objects.get(username="alice"))
    for viewport in (DESKTOP, PHONE):
        page = _page(browser, viewport, "ko-KR" if language == "ko" else "en-US")
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "url": live_server.url}])
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            assert _lang(page) == language, (language, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (path, viewport)
            target = folder / f"{language}-{name}-{viewport['width']}.png"
            _save_small(page.screenshot(full_page=True), target)
            assert target.stat().st_size < MAX_BYTES, target
        page.context.close()
