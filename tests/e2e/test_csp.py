"""In a real browser the Content-Security-Policy blocks nothing Podium itself serves: no page, as anonymous, participant
or host, reports a violation (a moved-out script or style that was missed would)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from competitions.models import Competition
from competitions.services import rules_accept
from discussions import services as community

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "playground-weather"
PAGES = ["/", "/competitions/", f"/competitions/{SLUG}/", f"/competitions/{SLUG}/data/", f"/competitions/{SLUG}/rules/",
         f"/competitions/{SLUG}/leaderboard/", f"/competitions/{SLUG}/discussion/", f"/competitions/{SLUG}/code/",
         "/discussions/", "/users/alice/", "/api/v1/docs/", "/api/v1/redoc/", "/api/v1/competitions/", "TOPIC"]
SIGNED_IN = [f"/competitions/{SLUG}/submissions/", f"/competitions/{SLUG}/team/", "/accounts/settings/",
             "/discussions/new/"]
# The one violation that is the policy at work: ReDoc's bundle always asks Redocly's CDN for a logo (no option turns
# it off); the API pages' img-src stops it in the browser, so an offline Podium sends nothing out, and ReDoc hides
# the image when it fails.
REDOC_LOGO_BLOCKED = "img-src https://cdn.redoc.ly/redoc/logo-mini.svg "
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || "")));
"""


@pytest.fixture
def portal(db, settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    call_command("seed_demo", "--no-reference", verbosity=0)
    alice = get_user_model().objects.get(username="alice")
    rules_accept(competition=Competition.objects.get(slug=SLUG), user=alice)
    table = "| left | centre | right |\n|:--|:-:|--:|\n| a | b | c |\n"  # aligned cells: style attributes
    topic = community.topic_create(user=alice, competition=Competition.objects.get(slug=SLUG), title="Tables",
                                   body=table)
    competition = Competition.objects.get(slug=SLUG)
    return {"TOPIC": f"/discussions/topics/{topic.pk}/",
            "ADMIN_CHANGE": f"/admin/competitions/competition/{competition.pk}/change/"}


def _violations(browser, live_server, portal, username: str | None, paths: list[str]) -> dict[str, list]:
    context = browser.new_context()
    if username:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                              "url": live_server.url}])
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    found = {}
    for path in paths:
        response = page.goto(live_server.url + portal.get(path, path))
        assert response.ok and "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
        if violations := [v for v in page.evaluate("window.cspViolations") if v != REDOC_LOGO_BLOCKED]:
            found[path] = violations
    context.close()
    return found


@pytest.mark.parametrize(("username", "extra"), [(None, ["/accounts/login/", "/accounts/signup/"]),
                                                 ("alice", SIGNED_IN),
                                                 ("host", SIGNED_IN + ["/admin/", "ADMIN_CHANGE"])],
                         ids=["anonymous", "participant", "host"])
def test_no_page_breaks_the_policy(browser, live_server, portal, username, extra):
    assert _violations(browser, live_server, portal, username, PAGES + extra) == {}


def test_the_table_alignment_is_applied_under_the_policy(browser, live_server, portal):
    page = browser.new_page()
    page.goto(live_server.url + portal["TOPIC"])
    aligns = page.eval_on_selector_all("td", "cells => cells.map(c => getComputedStyle(c).textAlign)")
    assert aligns[:3] == ["left", "center", "right"]
    page.close()


def test_regenerating_the_api_key_still_asks_first(browser, live_server, portal):
    """The question moved from an inline onsubmit handler to data-confirm and podium.js."""
    from accounts.services import api_key_get_or_create

    alice = get_user_model().objects.get(username="alice")
    old_key = api_key_get_or_create(user=alice).key
    client = Client()
    client.force_login(alice)
    context = browser.new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/settings/")
    questions = []

    def answer(dialog, accept: bool):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_role("button", name="Regenerate").click()
    page.wait_for_timeout(300)
    kept = api_key_get_or_create(user=alice).key
    page.once("dialog", lambda dialog: answer(dialog, True))
    with page.expect_navigation():
        page.get_by_role("button", name="Regenerate").click()

    assert kept == old_key != api_key_get_or_create(user=alice).key
    assert questions == ["Create a new key? The old one stops working at once."] * 2
    context.close()
