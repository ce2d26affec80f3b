"""Portal details that only a browser shows: button styles, the scoring message going away, the Team tab's forms."""

import pytest
from django.test import Client

from competitions.models import Submission
from competitions.services import rules_accept
from competitions.services.submissions import submission_create
from competitions.tasks import task_score_submission
from tests.conftest import SAMPLE_CSV

from ..factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TRANSPARENT = "rgba(0, 0, 0, 0)"


@pytest.fixture
def alice(competition):
    alice = UserFactory(username="alice")
    rules_accept(competition=competition, user=alice)
    return alice


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                               "url": live_server.url}])


def _style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el)['{prop}']")


def test_ghost_and_small_buttons_keep_their_look_on_submit_buttons(live_server, page, competition, alice):
    submission_create(competition=competition, user=alice, data=SAMPLE_CSV, filename="s.csv")
    _log_in(page, live_server, alice)

    page.goto(f"{live_server.url}/competitions/tiny/submissions/")
    select = page.locator("[data-testid=select]")
    make = page.locator("[data-testid=submit]")
    assert _style(select, "backgroundColor") == TRANSPARENT and _style(select, "paddingTop") == "5px"
    assert _style(make, "backgroundColor") != TRANSPARENT  # a plain submit button stays solid
    page.goto(f"{live_server.url}/accounts/settings/")
    assert _style(page.get_by_role("button", name="Regenerate"), "backgroundColor") == TRANSPARENT


def test_the_being_scored_message_goes_once_the_row_is_scored(live_server, page, competition, alice, monkeypatch):
    monkeypatch.setattr(task_score_submission, "apply_async", lambda *args, **kwargs: None)  # no worker yet
    _log_in(page, live_server, alice)
    page.goto(f"{live_server.url}/competitions/tiny/submissions/")
    page.set_input_files("#id_file", files=[{"name": "s.csv", "mimeType": "text/csv", "buffer": SAMPLE_CSV}])
    page.click("[data-testid=submit]")
    message = page.locator(".message", has_text="It is being scored")
    message.wait_for()
    assert page.locator("[data-testid=submission-row]").get_attribute("data-status") == "queued"

    task_score_submission.apply((Submission.objects.get().pk,))  # the worker scores it

    page.wait_for_selector("[data-testid=submission-row][data-status=scored]")
    message.wait_for(state="detached")


def test_the_team_forms_line_up(live_server, page, competition, alice):
    _log_in(page, live_server, alice)
    page.goto(f"{live_server.url}/competitions/tiny/team/")

    fields = [field.bounding_box() for field in page.locator(".inline-form input[type=text]").all()]
    buttons = [button.bounding_box() for button in page.locator(".inline-form button").all()]
    assert len(fields) == 4 and len(buttons) == 4
    assert {(box["x"], box["width"]) for box in fields} == {(fields[0]["x"], fields[0]["width"])}
    assert {(box["x"], box["width"]) for box in buttons} == {(buttons[0]["x"], buttons[0]["width"])}
