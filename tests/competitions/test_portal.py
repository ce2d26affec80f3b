import pytest

from competitions.services import rules_accept

from ..factories import CompetitionFactory

pytestmark = pytest.mark.django_db


def test_home_lists_active_competitions(client, competition):
    response = client.get("/")
    assert response.status_code == 200
    assert "Tiny" in response.content.decode()


def test_competition_list_filters_by_search(client, competition):
    CompetitionFactory(title="Dialogue summaries", slug="dialogue")
    html = client.get("/competitions/?q=dialogue").content.decode()
    assert "Dialogue summaries" in html and ">Tiny<" not in html


@pytest.mark.parametrize("path", ["/competitions/tiny/", "/competitions/tiny/data/", "/competitions/tiny/rules/"])
def test_each_tab_renders_for_anonymous_visitors(client, competition, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Log in" in response.content.decode()


def test_overview_renders_markdown_safely(client, competition):
    competition.overview = "**bold** <script>alert(1)</script> [x](javascript:alert(1))"
    competition.save()

    html = client.get("/competitions/tiny/").content.decode()

    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "href=\"javascript:" not in html


def test_accepting_the_rules_unlocks_downloads(client, competition, user):
    client.force_login(user)
    assert client.get("/competitions/tiny/data/download/train.csv").status_code == 302

    response = client.post("/competitions/tiny/rules/accept/")

    assert response.status_code == 302 and response["Location"] == "/competitions/tiny/data/"
    download = client.get("/competitions/tiny/data/download/train.csv")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"ID,feature,target")


def test_download_asks_anonymous_visitors_to_log_in(client, competition):
    response = client.get("/competitions/tiny/data/download/train.csv")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_data_tab_summarizes_folders(client, competition, user):
    from competitions.services import data_file_add

    for index in range(3):
        data_file_add(competition=competition, name=f"train/{index:04d}.jpg", content=b"\xff\xd8jpeg")
    rules_accept(competition=competition, user=user)
    client.force_login(user)

    top = client.get("/competitions/tiny/data/").content.decode()
    folder = client.get("/competitions/tiny/data/?folder=train").content.decode()

    assert "train/" in top and "3 files" in top and "0001.jpg" not in top
    assert "train/0001.jpg" in folder


def test_unknown_competition_is_a_friendly_404(client, db):
    response = client.get("/competitions/nope/")
    assert response.status_code == 404
    assert "There is nothing here" in response.content.decode()


def test_drafts_are_hidden_from_participants(client, user):
    CompetitionFactory(slug="draft", is_published=False)
    client.force_login(user)
    assert client.get("/competitions/draft/").status_code == 404


def test_signup_page_uses_the_portal_layout(client, db):
    html = client.get("/accounts/signup/").content.decode()
    assert 'class="topbar"' in html and 'name="username"' in html
