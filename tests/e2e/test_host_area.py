"""A host runs a competition from the portal's Host tab in a real browser: reads the charts, the queue and the
errors, grants, rescores, pauses, disqualifies and reinstates, is refused a finalize before the end, finalizes
after it through the preview and reopens with a reason. Screenshots of the host area at 1366 px and 390 px go to
a folder the test prints (PODIUM_SCREENSHOTS, or a temporary one)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Min
from django.test import Client

from competitions.models import Competition, RulesAcceptance, Submission, Team
from competitions.services import rules_accept
from competitions.services.submissions import submission_create

from ..factories import end_competition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG, FINISHED = "playground-weather", "playground-weather-2025"
DESKTOP, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


@pytest.fixture
def season(db, settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    call_command("seed_demo", "--no-reference", verbosity=0)
    competition = Competition.objects.get(slug=SLUG)
    alice = get_user_model().objects.get(username="alice")
    rules_accept(competition=competition, user=alice)
    sample = competition.data_files.get(is_sample_submission=True)
    with sample.file.open("rb") as handle:
        data = handle.read()
    submission_create(competition=competition, user=alice, data=data, filename="zeros.csv")  # scored at once
    failed, _ = submission_create(competition=competition, user=alice, data=data, filename="broken.csv")
    # As the scorer leaves a file it could not read (a check only scoring makes): failed, with its message.
    Submission.objects.filter(pk=failed.pk).update(status=Submission.Status.FAILED,
                                                   error_message="Row 7: the prediction 'sunny?' is not a class.")
    return competition


# Each page load starts a fresh list: whatever the Content-Security-Policy blocks on it lands here.
RECORD_VIOLATIONS = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective));"""


def _as(browser, live_server, username: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(RECORD_VIOLATIONS)
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _confirm(page, link_testid: str, expected_message: str):
    """Opens an action's confirmation page, confirms, and waits for the message that names what happened."""
    page.locator(f"[data-testid={link_testid}]").first.click()
    page.locator("[data-testid=confirm]").click()
    page.locator(".message", has_text=expected_message).wait_for()


def test_a_host_runs_the_competition_from_the_host_tab(browser, live_server, season):
    page = _as(browser, live_server, "host", DESKTOP)
    page.goto(f"{live_server.url}/competitions/{SLUG}/")
    page.locator("[data-testid=host-tab]").click()

    assert page.locator("svg.chart").count() == 3 and page.evaluate("window.cspViolations") == []
    assert page.locator("[data-testid=queue-failed]").inner_text() == "1"
    assert "the prediction 'sunny?' is not a class" in page.locator("[data-testid=errors]").inner_text()
    page.locator("[data-testid=chart-daily] summary").click()  # the numbers behind the bars
    assert page.locator("[data-testid=chart-daily] table").is_visible()

    page.get_by_role("link", name="Teams", exact=True).click()
    page.locator("[data-testid=grant]").first.click()
    assert page.evaluate("window.cspViolations") == []
    page.fill("#id_extra", "2")
    page.fill("#id_reason", "The scorer was down for an hour")
    page.locator("[data-testid=confirm]").click()
    page.locator(".message", has_text="alice may make 2 extra submission(s)").wait_for()

    page.get_by_role("link", name="All submissions").click()
    assert page.locator("[data-testid=host-submission]").count() == 2
    assert page.locator("[data-testid=private]").first.inner_text() != "—"  # hosts see private scores now
    _confirm(page, "rescore", "is queued for rescoring")

    page.goto(f"{live_server.url}/competitions/{SLUG}/host/")
    _confirm(page, "pause", "are paused")
    assert page.locator("[data-testid=paused]").is_visible()
    _confirm(page, "pause", "open again")

    page.goto(f"{live_server.url}/competitions/{SLUG}/host/teams/")
    _confirm(page, "disqualify", "alice is disqualified")
    _confirm(page, "disqualify", "alice is reinstated")

    page.goto(f"{live_server.url}/competitions/{SLUG}/host/")
    page.locator("[data-testid=finalize]").click()
    page.locator(".message", has_text="can be finalized only after the end").wait_for()

    end_competition(season)
    page.locator("[data-testid=finalize]").click()
    assert "alice" in page.locator("[data-testid=finalize-preview] table").inner_text()
    assert page.evaluate("window.cspViolations") == []
    page.locator("[data-testid=confirm]").click()
    page.locator(".message", has_text="is finalized").wait_for()

    page.locator("[data-testid=reopen]").click()
    page.fill("#id_reason", "A rescore after the scorer fix")
    page.locator("[data-testid=confirm]").click()
    page.locator(".message", has_text="is reopened").wait_for()
    season.refresh_from_db()
    assert season.finalized_at is None and season.events.first().reason == "A rescore after the scorer fix"
    page.context.close()


def _as_it_happened(competition: Competition) -> None:
    """The finished demo season's teams joined when it was replayed; date each join to the day before the team's
    first submission, so that the growth chart shows the season as it would have happened."""
    for team in Team.objects.filter(competition=competition).annotate(first=Min("submissions__created_at")):
        joined = team.first - dt.timedelta(days=1)
        Team.objects.filter(pk=team.pk).update(created_at=joined)
        RulesAcceptance.objects.filter(competition=competition, user__in=team.memberships.values("user")).update(
            accepted_at=joined)


def _host_area(page, viewport: dict) -> dict:
    """From the tab strip to the end of the tab's body: the host area without the page's header."""
    tabs, body = page.locator("nav.tabs").bounding_box(), page.locator(".tab-body").bounding_box()
    top = tabs["y"] - 12
    return {"x": 0, "y": top, "width": viewport["width"], "height": body["y"] + body["height"] + 12 - top}


def test_screenshots_of_the_host_area(browser, live_server, season, tmp_path):
    finished = Competition.objects.get(slug=FINISHED)
    _as_it_happened(finished)
    folder = Path(os.environ.get("PODIUM_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nHost area screenshots: {folder}")
    for name, viewport in (("host-area-1366.png", DESKTOP), ("host-area-390.png", PHONE)):
        page = _as(browser, live_server, "host", viewport)
        page.goto(f"{live_server.url}/competitions/{FINISHED}/host/")

        assert page.locator("svg.chart rect.bar-scored").count() > 0
        assert page.locator("svg.chart circle.series-0").count() > 0
        assert page.locator("svg.chart rect.bar-score").count() > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert page.evaluate("window.cspViolations") == []  # the SVG is coloured by classes, not styles
        page.screenshot(path=str(folder / name), full_page=True, clip=_host_area(page, viewport))
        page.context.close()
    assert sorted(p.name for p in folder.glob("host-area-*.png")) == ["host-area-1366.png", "host-area-390.png"]
