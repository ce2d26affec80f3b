"""The community in Debian's Chromium: post a topic, reply, upvote, publish a notebook, fork it, find it by search.

A dialog hook and a console hook watch every page; pages that render the XSS corpus must fire neither.
"""

import pytest

from discussions import services
from discussions.models import CodeEntry, Post, Topic
from tests.discussions.helpers import code_cell, display, markdown_cell, notebook_bytes, simple_notebook, stream
from tests.discussions.xss_payloads import PAYLOADS
from tests.factories import PASSWORD, CompetitionFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arena(db, settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(10_000, 60)], "vote": [(10_000, 60)]}  # the corpus is big
    competition = CompetitionFactory(slug="arena", title="Arena")
    UserFactory(username="alice")
    UserFactory(username="bob")
    return competition


@pytest.fixture
def watched(page):
    """The page, with every alert/confirm/prompt and console error recorded."""
    fired: list[str] = []

    def on_dialog(dialog):
        fired.append(f"dialog {dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    # Images that users link to may fail to load (no network here); anything else on the console is reported.
    page.on("console", lambda message: fired.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning") and "Failed to load resource" not in message.text else None)
    page.on("pageerror", lambda error: fired.append(f"pageerror: {error}"))
    page.fired = fired
    return page


def _log_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=nav-user]")


def test_a_topic_a_reply_an_upvote_a_notebook_a_fork_and_search(live_server, watched, arena, tmp_path):
    page = watched
    _log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/competitions/arena/")
    page.get_by_role("link", name="Discussion", exact=True).click()
    page.click("[data-testid=new-topic]")
    page.fill("#topic-title", "Which CV scheme matches the public LB?")
    page.fill("#topic-body", "I use **GroupKFold** on `patient_id`.")
    page.click("[data-testid=topic-form] button[type=submit]")
    page.wait_for_selector("[data-testid=topic-title]")
    assert page.locator("strong", has_text="GroupKFold").is_visible()

    notebook = tmp_path / "groupkfold-baseline.ipynb"
    notebook.write_bytes(simple_notebook("from sklearn.model_selection import GroupKFold"))
    page.get_by_role("link", name="Code", exact=True).click()
    page.click("[data-testid=new-code]")
    page.fill("#code-title", "GroupKFold baseline")
    page.set_input_files("#code-file", str(notebook))
    page.click("[data-testid=code-form] button[type=submit]")
    page.wait_for_selector("[data-testid=rendered-code]")
    assert page.locator(".nb-markdown h1", has_text="A baseline").is_visible()

    _log_in(page, live_server, "bob")
    topic = Topic.objects.get()
    page.goto(f"{live_server.url}/discussions/topics/{topic.pk}/")
    page.fill("#reply-body", "Same here: CV 0.91, LB 0.90.")
    page.click("[data-testid=reply-form] button[type=submit]")
    page.wait_for_selector("text=Same here: CV 0.91")
    opening = Post.objects.get(is_opening=True)
    page.click(f"[data-testid=vote-{opening.pk}]")
    page.wait_for_selector(f"[data-testid=vote-{opening.pk}][aria-pressed=true]")
    assert page.text_content(f"[data-testid=votes-{opening.pk}]") == "1"

    source = CodeEntry.objects.get()
    page.goto(f"{live_server.url}/code/{source.pk}/")
    page.click("[data-testid=fork]")
    page.wait_for_selector("[data-testid=forked-from]")
    assert page.text_content("[data-testid=code-title]") == "GroupKFold baseline (fork)"
    page.goto(f"{live_server.url}/code/{source.pk}/")
    assert page.text_content("[data-testid=fork-count]").strip() == "1 fork"

    page.fill("header input[name=q]", "groupkfold baseline")
    page.press("header input[name=q]", "Enter")
    page.wait_for_selector("[data-testid=search-total]")
    titles = page.locator("[data-testid=search-hit] a").all_text_contents()
    assert "GroupKFold baseline" in titles and "GroupKFold baseline (fork)" in titles
    page.get_by_role("link", name="GroupKFold baseline (fork)").click()
    page.wait_for_selector("[data-testid=forked-from]")
    assert page.fired == []


def test_no_alert_fires_on_pages_full_of_payloads(live_server, watched, arena):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    topic = services.topic_create(user=alice, competition=arena, title=PAYLOADS[0], body=PAYLOADS[11])
    for payload in PAYLOADS:
        services.post_reply(user=bob, topic=topic, body=payload)
    entry = services.code_create(
        user=alice, competition=arena, title=PAYLOADS[29], filename="x.ipynb",
        content=notebook_bytes([markdown_cell(p) for p in PAYLOADS] + [
            code_cell(p, stream(p), display({"text/html": p, "application/javascript": "alert(1)"}),
                      display({"image/svg+xml": p}), display({"text/markdown": p})) for p in PAYLOADS]))
    for payload in PAYLOADS[:40]:
        services.code_comment_add(user=bob, entry=entry, body=payload)

    page = watched
    _log_in(page, live_server, "bob")  # logged in: the vote, reply and delete controls render too
    page.evaluate("alert('the hook works')")
    assert page.fired == ["dialog alert: the hook works"]
    page.fired.clear()
    for path in (f"/discussions/topics/{topic.pk}/", "/competitions/arena/discussion/", f"/code/{entry.pk}/",
                 "/competitions/arena/code/", "/users/alice/", "/discussions/search/?q=alert",
                 f"/api/v1/topics/{topic.pk}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
        page.mouse.move(200, 300)
        page.mouse.move(600, 500)
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)

    assert page.fired == []
