"""The honest public board in a real browser, on last season's finished demo competition: every score with its
± interval, teams that cannot be told from #1 marked, the medal zones by Kaggle's table with their legend, the
board's top score by day; the private board's public-vs-final scatter; no Content-Security-Policy violation and
no sideways scroll on a phone. Screenshots of the public board at 1366 px and 390 px go to PODIUM_SCREENSHOTS (or
a temporary folder the test prints); docs/screenshots/board-*.png are these."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FINISHED = "playground-weather-2025"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
MAX_BYTES = 200_000  # what docs/screenshots may hold per picture
# Each page load starts a fresh list: whatever the Content-Security-Policy blocks on it lands here.
RECORD_VIOLATIONS = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline")));"""


@pytest.fixture
def season(db, settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    call_command("seed_demo", "--no-reference", verbosity=0)


def _page(browser, viewport: dict):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _board_area(page, viewport: dict) -> dict:
    """From the tab strip to the end of the board table: the board, its notes and its legend."""
    top = page.locator("nav.tabs").bounding_box()["y"] - 12
    table = page.locator("[data-testid=leaderboard]").bounding_box()
    return {"x": 0, "y": top, "width": viewport["width"], "height": table["y"] + table["height"] + 12 - top}


def _assert_honest_board(page, viewport: dict) -> None:
    for zone in ("gold", "silver", "bronze"):
        assert page.locator(f"tr.zone-{zone}").first.is_visible(), zone
    assert page.locator("[data-testid=medal-zones]").is_visible()
    assert page.locator("[data-testid=tied]").first.is_visible()
    assert page.locator("[data-testid=board-row] .interval").first.inner_text().startswith("±")
    assert page.locator("[data-testid=noise-note]").is_visible()
    assert page.locator("[data-testid=chart-top-scores] svg .best-line").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.evaluate("window.cspViolations") == []


@pytest.mark.parametrize(("name", "viewport"), [("board-1366.png", DESKTOP), ("board-390.png", PHONE)],
                         ids=["desktop", "phone"])
def test_the_public_board_shows_intervals_ties_and_medal_zones(browser, live_server, season, tmp_path, name,
                                                               viewport):
    folder = Path(os.environ.get("PODIUM_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nBoard screenshots: {folder}")
    page = _page(browser, viewport)
    page.goto(f"{live_server.url}/competitions/{FINISHED}/leaderboard/")

    _assert_honest_board(page, viewport)
    page.screenshot(path=str(folder / name), full_page=True, clip=_board_area(page, viewport))
    assert (folder / name).stat().st_size < MAX_BYTES
    page.context.close()


def test_the_private_board_has_real_medals_and_the_scatter_instead_of_zones(browser, live_server, season):
    page = _page(browser, DESKTOP)
    page.goto(f"{live_server.url}/competitions/{FINISHED}/leaderboard/?split=private")

    assert page.locator("tr.zone").count() == 0 and page.locator("[data-testid=medal-zones]").count() == 0
    assert page.locator("[data-testid=leaderboard] .medal-gold").count() >= 1
    assert page.locator("[data-testid=chart-rank-scatter] svg circle.dot").count() >= 10
    page.locator("[data-testid=chart-rank-scatter] summary").click()  # the numbers behind the dots
    assert page.locator("[data-testid=chart-rank-scatter] table").is_visible()
    assert page.evaluate("window.cspViolations") == []
    page.context.close()


def test_a_participant_sees_the_countdowns_and_their_score_history_on_a_phone(browser, live_server, season):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from competitions.models import Competition
    from competitions.services import rules_accept
    from competitions.services.submissions import submission_create

    competition = Competition.objects.get(slug="playground-weather")
    alice = get_user_model().objects.get(username="alice")
    rules_accept(competition=competition, user=alice)
    with competition.data_files.get(is_sample_submission=True).file.open("rb") as handle:
        data = handle.read()
    for name in ("first.csv", "second.csv"):
        submission_create(competition=competition, user=alice, data=data, filename=name)  # scored at once
    client = Client()
    client.force_login(alice)
    page = _page(browser, PHONE)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}/competitions/playground-weather/submissions/")

    assert page.locator("[data-testid=deadline]").inner_text().startswith("Ends in ")
    assert page.locator("[data-testid=daily-reset]").inner_text().endswith("(00:00 UTC)")
    assert page.locator("[data-testid=chart-history] svg circle.dot").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate("window.cspViolations") == []
    page.context.close()
