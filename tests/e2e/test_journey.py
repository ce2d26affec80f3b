"""A newcomer's first visit, in Debian's Chromium against a live server: sign up, log in, join, download."""

import zipfile

import pytest
from django.core.management import call_command

from competitions.models import RulesAcceptance

from .conftest import sign_up

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--no-reference", verbosity=0)  # the playground is enough here


def test_newcomer_signs_up_logs_in_accepts_the_rules_and_downloads_data(live_server, page, demo, tmp_path):
    page.goto(live_server.url)
    assert "Learn machine learning the Kaggle way" in page.content()

    page.get_by_role("link", name="Sign up").click()
    sign_up(page, "newcomer")
    assert page.text_content("[data-testid=nav-user]") == "newcomer"

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    if page.locator("form button[type=submit]", has_text="Sign Out").count():
        page.locator("form button[type=submit]", has_text="Sign Out").click()
    page.get_by_role("link", name="Log in").first.click()
    page.fill("input[name=login]", "newcomer")
    page.fill("input[name=password]", "a-long-enough-password-1")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=nav-user]")

    page.get_by_role("link", name="Competitions", exact=True).click()
    page.locator("[data-testid=competition-card]", has_text="What's the weather like").click()
    assert page.locator("h1", has_text="What's the weather like").is_visible()

    page.get_by_role("link", name="Rules").click()
    page.click("[data-testid=accept-rules]")
    page.wait_for_selector("text=The data is yours to download")
    assert RulesAcceptance.objects.filter(user__username="newcomer").count() == 1

    with page.expect_download() as download_info:
        page.click("[data-testid='download-train.csv']")
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename == "train.csv"
    assert target.read_text().startswith("ID,temperature,humidity,pressure,wind,gusts,target")

    with page.expect_download() as download_info:  # the zip the worker built when the demo was loaded
        page.get_by_role("link", name="Download all (4 files, 22.1 KB)").click()
    download = download_info.value
    download.save_as(tmp_path / download.suggested_filename)
    with zipfile.ZipFile(tmp_path / "playground-weather.zip") as archive:
        assert sorted(archive.namelist()) == ["meta.csv", "sample_submission.csv", "test.csv", "train.csv"]


def test_a_visitor_cannot_download_before_accepting_the_rules(live_server, page, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "alice")
    page.fill("input[name=password]", "podium-alice")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=nav-user]")

    page.goto(f"{live_server.url}/competitions/playground-weather/data/")

    assert page.locator("[data-testid='download-train.csv']").count() == 0
    assert page.locator("[data-testid=download-all]").count() == 0
    assert page.locator("[data-testid=accept-rules]").is_visible()
