import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions.services import rules_accept
from discussions import services
from discussions.code_rendering import MAX_CODE_BYTES
from discussions.models import CodeEntry, Topic
from tests.factories import PASSWORD

from .helpers import simple_notebook

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, alice):
    client.login(username="alice", password=PASSWORD)
    return client


def test_it_shows_the_discussion_and_code_tabs(client, arena, topic):
    response = client.get(f"/competitions/{arena.slug}/discussion/")

    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-current="page">Discussion</a>' in body
    assert f'href="/competitions/{arena.slug}/code/"' in body
    assert topic.title in body


def test_it_shows_the_site_wide_forum(client, alice):
    services.topic_create(user=alice, title="Hello from everywhere", body="hi")

    assert "Hello from everywhere" in client.get("/discussions/").content.decode()


def test_it_posts_a_topic_and_a_reply_through_the_pages(logged_in, arena):
    response = logged_in.post(f"/competitions/{arena.slug}/discussion/new/",
                              {"title": "Public LB vs CV", "body": "My CV is **0.91**.", "kind": "question"})
    topic = Topic.objects.get()
    assert response.status_code == 302 and response.url == f"/discussions/topics/{topic.pk}/"

    logged_in.post(f"/discussions/topics/{topic.pk}/reply/", {"body": "Same here."})
    page = logged_in.get(f"/discussions/topics/{topic.pk}/").content.decode()

    assert "<strong>0.91</strong>" in page and "Same here." in page
    assert 'aria-current="page">Discussion</a>' in page


def test_it_answers_an_invalid_topic_with_a_400_and_the_reason(logged_in, arena):
    response = logged_in.post(f"/competitions/{arena.slug}/discussion/new/", {"title": "", "body": "x"})

    assert response.status_code == 400
    assert "Give your topic a title." in response.content.decode()


def test_it_sends_visitors_to_log_in_before_posting(client, arena):
    response = client.post(f"/competitions/{arena.slug}/discussion/new/", {"title": "t", "body": "b"})

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_it_shows_edited_and_deleted_marks(logged_in, topic, alice, bob):
    reply = services.post_reply(user=bob, topic=topic, body="a secret reply")
    services.post_delete(user=bob, post=reply)
    logged_in.post(f"/discussions/posts/{topic.posts.get(is_opening=True).pk}/edit/", {"body": "new text",
                                                                                      "title": topic.title})

    page = logged_in.get(f"/discussions/topics/{topic.pk}/").content.decode()

    assert "a secret reply" not in page and "[deleted]" in page
    assert ">edited</span>" in page


def test_it_forbids_editing_someone_elses_post(client, topic, bob):
    client.login(username="bob", password=PASSWORD)

    assert client.post(f"/discussions/posts/{topic.posts.get().pk}/edit/", {"body": "x"}).status_code == 403


def test_it_upvotes_from_the_page(client, topic, bob):
    client.login(username="bob", password=PASSWORD)
    opening = topic.posts.get()

    client.post(f"/discussions/posts/{opening.pk}/vote/")
    client.post(f"/discussions/posts/{opening.pk}/vote/")

    opening.refresh_from_db()
    assert opening.vote_count == 1


def test_it_answers_a_self_vote_with_a_message(logged_in, topic):
    response = logged_in.post(f"/discussions/posts/{topic.posts.get().pk}/vote/", follow=True)

    assert "You cannot upvote your own post." in response.content.decode()


@pytest.mark.parametrize("path", ["/discussions/topics/999/", "/code/999/", "/users/nobody/",
                                  "/competitions/nope/discussion/", "/competitions/nope/code/"])
def test_it_answers_unknown_things_with_404(client, db, path):
    assert client.get(path).status_code == 404


def test_it_publishes_renders_and_downloads_a_notebook(logged_in, arena):
    content = simple_notebook()
    response = logged_in.post(f"/competitions/{arena.slug}/code/new/",
                              {"title": "EDA", "file": SimpleUploadedFile("eda.ipynb", content)})
    entry = CodeEntry.objects.get()
    assert response.status_code == 302

    page = logged_in.get(f"/code/{entry.pk}/").content.decode()
    download = logged_in.get(f"/code/{entry.pk}/download/")

    assert "<h1>A baseline</h1>" in page and 'class="highlight"' in page
    assert 'aria-current="page">Code</a>' in page
    assert download["Content-Type"] == "application/octet-stream"
    assert 'attachment; filename="eda.ipynb"' == download["Content-Disposition"]
    assert b"".join(download.streaming_content) == content


def test_it_answers_a_malformed_notebook_with_a_400_and_the_reason(logged_in, arena):
    response = logged_in.post(f"/competitions/{arena.slug}/code/new/",
                              {"title": "Broken", "file": SimpleUploadedFile("b.ipynb", b'{"cells": [}')})

    assert response.status_code == 400
    assert "not valid JSON" in response.content.decode()


def test_it_refuses_an_oversized_upload(logged_in, arena):
    big = SimpleUploadedFile("big.py", b"#" * (MAX_CODE_BYTES + 10))

    response = logged_in.post(f"/competitions/{arena.slug}/code/new/", {"title": "Big", "file": big})

    assert response.status_code == 400 and "the limit is" in response.content.decode()


def test_it_forks_from_the_page(client, arena, alice, bob):
    entry = services.code_create(user=alice, competition=arena, title="Baseline", filename="b.py", content=b"1\n")
    client.login(username="bob", password=PASSWORD)

    response = client.post(f"/code/{entry.pk}/fork/", {"version": "1"})
    fork = CodeEntry.objects.get(author=bob)

    assert response.status_code == 302 and response.url == f"/code/{fork.pk}/"
    assert "Forked from" in client.get(response.url).content.decode()
    assert client.post(f"/code/{entry.pk}/fork/", {"version": "abc"}).status_code == 400


def test_it_shows_an_older_version_and_404s_on_a_missing_one(client, arena, alice):
    entry = services.code_create(user=alice, competition=arena, title="B", filename="b.py", content=b"old = 1\n")
    services.code_version_add(user=alice, entry=entry, filename="b.py", content=b"new = 2\n")

    assert "old" in client.get(f"/code/{entry.pk}/?version=1").content.decode()
    assert client.get(f"/code/{entry.pk}/?version=7").status_code == 404
    assert client.get(f"/code/{entry.pk}/?version=x").status_code == 404


def test_it_searches_from_the_page(client, topic):
    page = client.get("/discussions/search/", {"q": "validate"}).content.decode()

    assert "1 result" in page and topic.title in page


def test_it_shows_a_profile_with_topics_code_and_competitions(client, arena, topic, alice):
    rules_accept(competition=arena, user=alice)
    services.code_create(user=alice, competition=arena, title="Alice's baseline", filename="a.py", content=b"1\n")

    page = client.get(reverse("discussions:profile", args=["alice"])).content.decode()

    assert topic.title in page and "Alice&#x27;s baseline" in page and arena.title in page
