"""The portal on a 390 px phone: no page scrolls sideways (tables scroll inside their own box), the home hero
leaves room for the competitions, and the competition tabs show that there are more of them to the right."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from competitions.models import Competition, Team
from competitions.services import rules_accept
from competitions.services.baselines import baseline_submit
from competitions.services.submissions import submission_create
from discussions import services as community

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SLUG = "playground-weather"
EVERYONE = ["/", "/competitions/", f"/competitions/{SLUG}/", f"/competitions/{SLUG}/data/",
            f"/competitions/{SLUG}/rules/", f"/competitions/{SLUG}/leaderboard/",
            f"/competitions/{SLUG}/leaderboard/?split=private", f"/competitions/{SLUG}/discussion/",
            f"/competitions/{SLUG}/code/", "/discussions/", "/discussions/search/?q=validation", "/users/alice/",
            "TOPIC", "CODE"]
SIGNED_IN = [f"/competitions/{SLUG}/submissions/", f"/competitions/{SLUG}/team/", "/accounts/settings/",
             f"/competitions/{SLUG}/discussion/new/", f"/competitions/{SLUG}/code/new/", "/discussions/new/"]
ANONYMOUS = ["/accounts/login/", "/accounts/signup/"]
# The Host tab, on the open playground and on last season's finished one (a dozen teams in its charts)
HOST = [f"/competitions/{SLUG}/host/", f"/competitions/{SLUG}/host/submissions/", f"/competitions/{SLUG}/host/teams/",
        f"/competitions/{SLUG}/host/pause/", "HOST_GRANT", f"/competitions/{SLUG}-2025/host/",
        f"/competitions/{SLUG}-2025/host/reopen/"]
LONG_ID = "a-participant-who-names-things-at-great-length-" * 3


@pytest.fixture
def portal(db, settings):
    """The playground with a scored submission, a baseline row, a topic with a wide table and a script."""
    settings.PODIUM_SEARCH_BACKEND = "database"
    call_command("seed_demo", "--no-reference", verbosity=0)
    competition = Competition.objects.get(slug=SLUG)
    alice = get_user_model().objects.get(username="alice")
    rules_accept(competition=competition, user=alice)
    sample = competition.data_files.get(is_sample_submission=True)
    with sample.file.open("rb") as handle:
        data = handle.read()
    submission_create(competition=competition, user=alice, data=data, filename=f"{LONG_ID}.csv",
                      description="all zeros " + LONG_ID)
    baseline_submit(competition=competition, username="baseline-bot", team_name="Trivial baseline: all zeros",
                    data=data, filename="zeros.csv")
    table = "| fold | seed | public | private | note |\n|---|---|---|---|---|\n" + "| 1 | 42 | 0.91 | 0.90 | " \
            + "a-very-long-unbroken-cell-" * 6 + " |\n"
    topic = community.topic_create(user=alice, competition=competition, title="My validation scheme",
                                   body="Stratified folds:\n\n" + table + "\n```\n" + "x = 1; " * 60 + "\n```")
    community.post_reply(user=alice, topic=topic, body="And " + LONG_ID)
    code = community.code_create(user=alice, competition=competition, title="Baseline script", filename="run.py",
                                 content=("print('" + "wide " * 60 + "')\n").encode())
    team = Team.objects.get(competition=competition, leader=alice)
    return {"TOPIC": f"/discussions/topics/{topic.pk}/", "CODE": f"/code/{code.pk}/",
            "HOST_GRANT": f"/competitions/{SLUG}/host/teams/{team.pk}/grant/"}


def _signed_in(browser, live_server, username: str | None):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    if username:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _wider_than_the_screen(page, live_server, paths: list[str]) -> dict[str, int]:
    widths = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        # Against the device width: a mobile browser widens window.innerWidth to fit an overflowing page
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            widths[path] = width
    return widths


@pytest.mark.parametrize(("username", "extra"), [(None, ANONYMOUS), ("alice", SIGNED_IN), ("host", SIGNED_IN + HOST)],
                         ids=["anonymous", "participant", "host"])
def test_no_portal_page_scrolls_sideways_on_a_phone(browser, live_server, portal, username, extra):
    page = _signed_in(browser, live_server, username)
    paths = [portal.get(path, path) for path in EVERYONE + extra]

    assert _wider_than_the_screen(page, live_server, paths) == {}
    page.context.close()


def test_the_home_hero_leaves_the_competitions_on_the_first_screen(browser, live_server, portal):
    page = _signed_in(browser, live_server, None)
    page.goto(live_server.url + "/")

    first_card = page.locator("[data-testid=competition-card]").first.bounding_box()
    assert first_card["y"] + 120 < PHONE["height"]  # the card's band and title show (it was at 962 px)
    page.context.close()


def test_the_tab_strip_scrolls_and_says_there_is_more(browser, live_server, portal):
    page = _signed_in(browser, live_server, "alice")
    page.goto(f"{live_server.url}/competitions/{SLUG}/")
    tabs = page.locator("nav.tabs")

    assert tabs.evaluate("el => el.scrollWidth > el.clientWidth")
    assert "more-right" in tabs.get_attribute("class")
    tabs.evaluate("el => el.scrollTo({left: el.scrollWidth})")
    # Playwright's expect polls from its own world: a wait_for_function string would be compiled inside the page,
    # which the Content-Security-Policy (no 'unsafe-eval') refuses whenever the first check does not pass yet.
    expect(tabs).not_to_have_class(re.compile(r"\bmore-right\b"))
    assert "more-left" in tabs.get_attribute("class")
    page.context.close()


def test_the_current_tab_is_scrolled_into_view(browser, live_server, portal):
    page = _signed_in(browser, live_server, "alice")
    page.goto(f"{live_server.url}/competitions/{SLUG}/submissions/")

    box = page.locator("nav.tabs a[aria-current=page]").bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    page.context.close()


def test_a_wide_table_scrolls_inside_its_own_box(browser, live_server, portal):
    page = _signed_in(browser, live_server, "alice")
    page.goto(f"{live_server.url}/competitions/{SLUG}/submissions/")
    table = page.locator("table.table").first

    assert table.evaluate("el => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto'")
    table.evaluate("el => el.scrollTo({left: el.scrollWidth})")
    assert table.evaluate("el => el.scrollLeft > 0")  # the hidden columns can be reached
    page.context.close()
