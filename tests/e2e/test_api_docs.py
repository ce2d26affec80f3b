"""The API documentation renders with no network: Swagger UI and ReDoc come from our own static files."""

from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture
def offline_page(page):
    """The page with every request to a host other than loopback refused, and each one recorded."""
    refused = []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    page.context.route("**/*", only_loopback)
    page.refused = refused
    return page


def test_swagger_ui_renders_offline(live_server, offline_page):
    offline_page.goto(f"{live_server.url}/api/v1/docs/")

    offline_page.wait_for_selector(".swagger-ui .info .title:has-text('Podium API')")
    offline_page.wait_for_selector(".opblock-summary-path:has-text('/api/v1/competitions/')")
    assert offline_page.refused == []


def test_redoc_renders_offline(live_server, offline_page):
    offline_page.goto(f"{live_server.url}/api/v1/redoc/")

    offline_page.wait_for_selector("h1:has-text('Podium API')")
    offline_page.wait_for_selector("text=/api/v1/competitions/")
    # Not even ReDoc's request for Redocly's logo leaves: the page's CSP stops it in the browser.
    assert offline_page.refused == []


def test_the_loopback_filter_refuses_other_hosts(live_server, offline_page):
    """The fixture itself: a page that reaches for another host (a reserved .invalid name) is refused and
    recorded (so an empty list means none). On a portal page, whose policy lets images come from other hosts over
    https (the API pages' policy would stop it in the browser, before the filter could see it)."""
    offline_page.goto(f"{live_server.url}/competitions/")
    # An image, not fetch(): the Content-Security-Policy stops a fetch to another host before it is sent.
    offline_page.evaluate("new Promise(done => { const image = new Image(); image.onload = image.onerror = done; "
                          "image.src = 'https://cdn.example.invalid/swagger-ui.css'; })")

    offline_page.wait_for_function("() => true")
    assert offline_page.refused == ["https://cdn.example.invalid/swagger-ui.css"]
