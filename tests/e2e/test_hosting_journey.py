"""A season in the browser, run by a host who is not a superuser: load a bundle zip in the admin, let participants
submit, let the end pass, finalize through the confirmation page; then the board, the profile and the card agree."""

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from competitions.models import Competition, LeaderboardEntry
from competitions.services import rules_accept
from competitions.services.submissions import submission_create

from ..conftest import PLAYGROUND_BUNDLE
from ..factories import UserFactory, end_competition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "journey-weather"
TEAMS = 10  # Kaggle's table, cumulative (top 10% / 20% / 40%): 1 gold, 1 silver, 2 bronze


def _bundle_zip(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(PLAYGROUND_BUNDLE, folder)
    config = folder / "competition.yaml"
    text = config.read_text().replace("slug: playground-weather", f"slug: {SLUG}").replace("hosts: [host]", "hosts: []")
    config.write_text(text.replace('title: "Playground: What\'s the weather like?"', "title: Journey weather"))
    archive = tmp_path / "journey.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in folder.rglob("*"):
            if path.is_file():
                bundle.write(path, path.relative_to(folder).as_posix())
    return archive


def _teams_submit(competition) -> None:
    """Ten teams, each right on a different share of the rows (a seeded draw), scored as they upload."""
    with competition.solution.file.open("rb") as handle:
        solution = [line.split(",")[:2] for line in handle.read().decode().splitlines()[1:]]
    rng = np.random.default_rng(7)
    for number in range(TEAMS):
        user = UserFactory(username=f"forecaster{number}")
        rules_accept(competition=competition, user=user)
        wrong = rng.random(len(solution)) > 0.5 + 0.05 * number
        rows = "".join(f"{row_id},{(int(target) + 1) % 3 if miss else target}\n"
                       for (row_id, target), miss in zip(solution, wrong))
        submission_create(competition=competition, user=user, data=f"ID,target\n{rows}".encode(), filename="s.csv")


def _log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("[data-testid=nav-user]")


def _shoot(page, folder: Path, name: str) -> None:
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_host_runs_a_season_from_bundle_to_final_board(live_server, page, tmp_path):
    host = UserFactory(username="season_host", is_staff=True)
    host.set_password("host-password-1")
    host.save()
    _log_in(page, live_server.url, "season_host", "host-password-1")

    page.goto(f"{live_server.url}/admin/competitions/competition/load-bundle/")
    page.set_input_files("input[name=bundle]", str(_bundle_zip(tmp_path)))
    page.locator("input[type=submit]").click()
    page.wait_for_selector("text=Loaded 'Journey weather' from the bundle.")
    competition = Competition.objects.get(slug=SLUG)
    assert list(competition.hosts.all()) == [host]

    _teams_submit(competition)
    end_competition(competition)

    page.goto(f"{live_server.url}/admin/competitions/competition/")
    page.check(f"input[name=_selected_action][value='{competition.pk}']")
    page.select_option("select[name=action]", "finalize_competitions")
    page.locator("button[name=index]").click()
    page.wait_for_selector("text=Finalize and publish these results")
    preview = [cell.strip() for cell in page.locator("tbody tr td:nth-child(6)").all_text_contents()]
    _shoot(page, tmp_path, "finalize-confirmation")
    page.locator("input[value='Finalize and publish these results']").click()
    page.wait_for_selector("text=is finalized")

    frozen = list(LeaderboardEntry.objects.filter(competition=competition, split="private")
                  .order_by("final_rank").select_related("team"))
    assert [entry.medal.capitalize() or "—" for entry in frozen] == preview
    assert preview == ["Gold", "Silver", "Bronze", "Bronze"] + ["—"] * 6

    page.goto(f"{live_server.url}/competitions/{SLUG}/leaderboard/?split=private")
    board_medals = page.locator("[data-testid=leaderboard] .medal").evaluate_all(
        "marks => marks.map(mark => mark.title)")
    assert board_medals == ["Gold medal", "Silver medal", "Bronze medal", "Bronze medal"]
    assert "Completed" in page.locator(".pill-completed").first.text_content()
    assert "Finalized by season_host" in page.text_content("[data-testid=board-history]")
    _shoot(page, tmp_path, "final-board")

    winner = frozen[0].team.leader.username
    page.goto(f"{live_server.url}/users/{winner}/")
    assert "#1 · Gold" in page.text_content("main")
    page.goto(f"{live_server.url}/competitions/")
    card = page.locator(".card", has_text="Journey weather")
    assert "Completed" in card.text_content()
    print(f"\nScreenshots: {tmp_path}")
