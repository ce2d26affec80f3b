"""Participation in the browser: join, upload, watch the score appear, see the board, select; the host finalizes."""

import pytest
from django.core.management import call_command

from competitions.models import Competition
from competitions.services import rules_accept
from competitions.services.submissions import submission_create
from competitions.services.leaderboards import competition_finalize

from ..factories import UserFactory, end_competition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--no-reference", verbosity=0)  # the playground is enough here
    return Competition.objects.get(slug="playground-weather")


def _other_teams_submit_the_sample(competition, *, count: int) -> None:
    sample = competition.data_files.get(is_sample_submission=True)
    with sample.file.open("rb") as handle:
        data = handle.read()
    for index in range(count):
        user = UserFactory(username=f"rival{index}")
        rules_accept(competition=competition, user=user)
        submission_create(competition=competition, user=user, data=data, filename="sample_submission.csv")


def _log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=nav-user]")


def test_join_submit_watch_the_score_select_and_see_the_final_board(live_server, page, demo, tmp_path):
    with demo.solution.file.open("rb") as handle:
        solution = handle.read().decode().splitlines()[1:]
    perfect = tmp_path / "perfect.csv"
    perfect.write_text("ID,target\n" + "".join(f"{line.split(',')[0]},{line.split(',')[1]}\n" for line in solution))
    _other_teams_submit_the_sample(demo, count=9)  # ten teams: the top one earns gold
    _log_in(page, live_server.url, "alice", "podium-alice")

    page.goto(f"{live_server.url}/competitions/playground-weather/rules/")
    page.click("[data-testid=accept-rules]")
    page.get_by_role("link", name="Submissions").click()
    page.set_input_files("input[name=file]", str(perfect))
    page.fill("input[name=description]", "all answers right")
    page.click("[data-testid=submit]")

    # Celery runs eagerly on commit in the live server's thread; the row then polls itself until it is scored.
    row = page.locator("[data-testid=submission-row]").first
    row.locator("[data-testid=public-score]", has_text="1.00000").wait_for()
    assert "4 of 5" in page.text_content("[data-testid=quota]")

    row.locator("[data-testid=select]").click()
    assert "★ Selected" in page.locator("[data-testid=submission-row]").first.inner_text()

    page.get_by_role("link", name="Leaderboard").click()
    board = page.locator("[data-testid=leaderboard]")
    assert "alice" in board.inner_text() and "your team" in board.inner_text()
    assert page.locator("[data-testid=private-board]").count() == 0

    end_competition(demo)

    competition_finalize(competition=demo)
    page.reload()
    page.click("[data-testid=private-board]")
    first_row = page.locator("[data-testid=board-row]").first
    assert "alice" in first_row.inner_text()
    assert first_row.locator(".medal-gold").count() == 1


def test_a_broken_file_is_refused_with_its_message(live_server, page, demo, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("ID,label\nx,1\n")
    _log_in(page, live_server.url, "alice", "podium-alice")
    page.goto(f"{live_server.url}/competitions/playground-weather/rules/")
    page.click("[data-testid=accept-rules]")

    page.goto(f"{live_server.url}/competitions/playground-weather/submissions/")
    page.set_input_files("input[name=file]", str(broken))
    page.click("[data-testid=submit]")

    page.wait_for_selector(".message-error")
    assert "Your file was not accepted" in page.text_content(".message-error")
    assert page.locator("[data-testid=submission-row]").count() == 0
