"""Every response carries a Content-Security-Policy that allows no inline script, and no template needs one.

The browser half (tests/e2e/test_csp.py) loads the portal's pages and checks that the policy blocks nothing."""

import re
from pathlib import Path

import pytest

from config.response_headers import POLICY, POLICY_FOR_API_PAGES

pytestmark = pytest.mark.django_db

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [REPO_ROOT / "platform" / "templates", *REPO_ROOT.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def _directive(name: str) -> str:
    return next(part.strip() for part in POLICY.split(";") if part.strip().startswith(name + " "))


def test_scripts_come_only_from_podium_itself():
    assert _directive("script-src") == "script-src 'self'"
    assert "'unsafe-inline'" not in POLICY and "'unsafe-eval'" not in POLICY
    assert "frame-ancestors 'none'" in POLICY and "object-src 'none'" in POLICY


def test_only_the_apis_html_pages_may_use_inline_styles_and_still_no_inline_script(client):
    redoc = client.get("/api/v1/redoc/")["Content-Security-Policy"]
    browsable = client.get("/api/v1/competitions/", HTTP_ACCEPT="text/html")["Content-Security-Policy"]
    assert redoc == browsable == POLICY_FOR_API_PAGES and "script-src 'self';" in redoc
    assert client.get("/competitions/")["Content-Security-Policy"] == POLICY
    assert "img-src 'self' data:;" in redoc  # no other host's images on the API's pages (ReDoc's CDN logo)


@pytest.mark.parametrize("path", ["/", "/competitions/", "/accounts/login/", "/discussions/", "/no-such-page/",
                                  "/admin/"])
def test_every_kind_of_response_carries_the_policy(client, path):
    assert client.get(path)["Content-Security-Policy"] == POLICY


def test_a_signed_in_page_and_a_refused_request_carry_it_too(client, user):
    client.force_login(user)
    assert client.get("/accounts/settings/")["Content-Security-Policy"] == POLICY
    assert client.get("/competitions/?q=%00")["Content-Security-Policy"] == POLICY


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, EVENT_HANDLER, STYLE], ids=["script", "handler", "style"])
def test_no_template_has_inline_script_handlers_or_style(pattern):
    offenders = [f"{path.relative_to(REPO_ROOT)}: {match.group(0)[:60]}"
                 for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")
                 for match in pattern.finditer(path.read_text())]
    assert offenders == []
