"""Portal details: who counts as joined, the join button, the hidden private board, ROUGE parts, the top bar's
highlight, search excerpts, the scoring message and the admin's icon."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework import status

from competitions.models import Score, Team
from competitions.services import rules_accept
from competitions.services.baselines import baseline_submit
from competitions.services.leaderboards import competition_finalize
from competitions.services.submissions import submission_create
from competitions.templatetags.podium import highlight, score_parts
from discussions import services as community
from tests.conftest import SAMPLE_CSV

from ..factories import end_competition

pytestmark = pytest.mark.django_db


def active_nav(html: str) -> list[str]:
    nav = html[html.index('<nav class="nav">'):html.index("</nav>")]
    return re.findall(r'class="active">([^<]+)</a>', nav)


def test_joined_leaves_out_the_accounts_behind_baseline_and_host_teams(client, api_client, competition, user, host):
    rules_accept(competition=competition, user=user)
    baseline_submit(competition=competition, username="baseline-bot", team_name="Trivial baseline", data=SAMPLE_CSV,
                    filename="zeros.csv")
    rules_accept(competition=competition, user=host)
    Team.objects.filter(leader=host).update(kind=Team.Kind.HOST)

    assert "1 joined" in client.get("/competitions/").content.decode()
    assert api_client.get("/api/v1/competitions/").data[0]["participant_count"] == 1
    assert api_client.get("/api/v1/competitions/tiny/").data["participant_count"] == 1


def test_the_overview_has_a_join_button_until_the_rules_are_accepted(client, competition, user):
    anonymous = client.get("/competitions/tiny/").content.decode()
    assert 'data-testid="join-competition" href="/accounts/login/?next=/competitions/tiny/rules/"' in anonymous

    client.force_login(user)
    overview = client.get("/competitions/tiny/").content.decode()
    assert 'href="/competitions/tiny/rules/#accept">Join competition</a>' in overview
    assert 'id="accept"' in client.get("/competitions/tiny/rules/").content.decode()
    rules_accept(competition=competition, user=user)
    assert "join-competition" not in client.get("/competitions/tiny/").content.decode()


def test_no_join_button_for_a_host_or_after_the_entry_deadline(client, competition, host, user):
    client.force_login(host)
    assert "join-competition" not in client.get("/competitions/tiny/").content.decode()
    competition.entry_deadline = competition.start_at
    competition.save()
    client.force_login(user)
    assert "join-competition" not in client.get("/competitions/tiny/").content.decode()


def test_the_hidden_private_board_is_explained_not_offered(client, competition):
    page = client.get("/competitions/tiny/leaderboard/").content.decode()

    assert "Private (hidden)" not in page and 'data-testid="private-board"' not in page
    assert "The private leaderboard is hidden until the host finalizes the competition." in page
    end_competition(competition)
    competition_finalize(competition=competition)
    assert 'data-testid="private-board"' in client.get("/competitions/tiny/leaderboard/").content.decode()


def test_a_submission_row_shows_the_rouge_parts(client, competition, user, django_capture_on_commit_callbacks):
    rules_accept(competition=competition, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        submission_create(competition=competition, user=user, data=SAMPLE_CSV, filename="s.csv")
    Score.objects.filter(split="public").update(parts={"rouge1": 0.41, "rouge2": 0.2, "rougeL": 0.375})
    client.force_login(user)

    page = client.get("/competitions/tiny/submissions/").content.decode()

    assert "ROUGE-1 0.4100 · ROUGE-2 0.2000 · ROUGE-L 0.3750" in page
    assert score_parts({}) == "" and score_parts(None) == ""


def test_the_scoring_message_is_tagged_for_the_page_to_drop(client, competition, user):
    rules_accept(competition=competition, user=user)
    client.force_login(user)

    page = client.post("/competitions/tiny/submissions/", {"file": SimpleUploadedFile("s.csv", SAMPLE_CSV)},
                       follow=True).content.decode()

    assert '<div class="message message-success" data-tags="while-scoring">Submitted. It is being scored' in page


@pytest.mark.parametrize(("path", "active"), [
    ("/competitions/tiny/", ["Competitions"]),
    ("/competitions/tiny/discussion/", ["Competitions"]),
    ("CODE", ["Competitions"]),
    ("COMPETITION_TOPIC", ["Competitions"]),
    ("/discussions/", ["Discussions"]),
    ("SITE_TOPIC", ["Discussions"]),
    ("/discussions/search/?q=scheme", ["Discussions"]),
    ("/users/participant/", []),
    ("/accounts/settings/", []),
])
def test_the_top_bar_highlights_the_section_a_page_belongs_to(client, competition, user, path, active):
    rules_accept(competition=competition, user=user)
    code = community.code_create(user=user, competition=competition, title="Script", filename="run.py",
                                 content=b"print(1)\n")
    topic = community.topic_create(user=user, competition=competition, title="A scheme", body="Folds.")
    site_topic = community.topic_create(user=user, title="Hello everyone", body="Hi.")
    paths = {"CODE": f"/code/{code.pk}/", "COMPETITION_TOPIC": f"/discussions/topics/{topic.pk}/",
             "SITE_TOPIC": f"/discussions/topics/{site_topic.pk}/"}
    client.force_login(user)

    response = client.get(paths.get(path, path))

    assert response.status_code == status.HTTP_200_OK
    assert active_nav(response.content.decode()) == active


def test_search_shows_the_text_a_reader_sees_with_the_words_marked(client, competition, user, settings):
    settings.PODIUM_SEARCH_BACKEND = "database"
    community.topic_create(user=user, competition=competition, title="Folds",
                           body="## My **validation** scheme\n\n| fold | score |\n|---|---|\n| 1 | 0.9 |\n\n"
                                "```python\nkfold = StratifiedKFold(5)\n```\nSee [the docs](https://example.org).")

    page = client.get("/discussions/search/?q=Validation").content.decode()

    excerpt = re.search(r'data-testid="search-excerpt">(.*?)</p>', page, re.S).group(1)
    assert excerpt == ("My <mark>validation</mark> scheme fold score 1 0.9 kfold = StratifiedKFold(5) "
                       "See the docs.")


def test_highlight_escapes_everything_it_does_not_mark():
    assert highlight("<b>a</b> A+b", "a+b a") == "&lt;b&gt;<mark>a</mark>&lt;/b&gt; <mark>A+b</mark>"
    assert highlight("<i>", "") == "&lt;i&gt;"


def test_the_admin_has_podiums_icon(client, host):
    client.force_login(host)

    assert 'rel="icon" href="/static/img/podium.svg"' in client.get("/admin/").content.decode()


def test_a_stranger_sees_no_join_button_on_a_completed_competition(client, competition):
    competition.end_at = competition.start_at
    competition.save()

    assert "join-competition" not in client.get("/competitions/tiny/").content.decode()
