import pytest
from rest_framework import status

from discussions import services

from .helpers import simple_notebook

pytestmark = pytest.mark.django_db


def test_it_lists_a_competitions_topics(api_client, arena, topic, alice):
    services.topic_create(user=alice, title="Site-wide", body="not in arena")

    response = api_client.get(f"/api/v1/competitions/{arena.slug}/topics/?sort=new")

    assert response.status_code == status.HTTP_200_OK
    assert response.data["count"] == 1
    row = response.data["results"][0]
    assert (row["id"], row["title"], row["author"], row["competition"]) == (topic.pk, topic.title, "alice", "arena")


def test_it_reads_a_topic_with_its_thread(api_client, topic, alice, bob):
    reply = services.post_reply(user=bob, topic=topic, body="gone")
    services.post_reply(user=alice, topic=topic, body="**kept**", parent=reply)
    services.post_delete(user=bob, post=reply)

    posts = api_client.get(f"/api/v1/topics/{topic.pk}/").data["posts"]

    assert [(p["depth"], p["author"], p["body"]) for p in posts] == [
        (0, "alice", "Stratified **5-fold**?"), (0, None, "[deleted]"), (1, "alice", "**kept**")]
    assert posts[2]["body_html"] == "<p><strong>kept</strong></p>\n"


def test_it_lists_and_reads_code(api_client, arena, alice, bob):
    entry = services.code_create(user=alice, competition=arena, title="Baseline", filename="b.ipynb",
                                 content=simple_notebook())
    fork = services.code_fork(user=bob, version=entry.versions.get())

    listing = api_client.get(f"/api/v1/competitions/{arena.slug}/code/").data
    detail = api_client.get(f"/api/v1/code/{fork.pk}/").data

    assert listing["count"] == 2
    assert detail["forked_from"] == {"code": entry.pk, "version": 1}
    assert detail["versions"][0]["download_url"].endswith(f"/code/{fork.pk}/download/?version=1")


def test_it_searches(api_client, topic):
    response = api_client.get("/api/v1/search/", {"q": "validate"})

    assert response.data["count"] == 1 and response.data["results"][0]["id"] == topic.pk


@pytest.mark.parametrize(("path", "code"), [
    ("/api/v1/topics/9999/", status.HTTP_404_NOT_FOUND),
    ("/api/v1/code/9999/", status.HTTP_404_NOT_FOUND),
    ("/api/v1/competitions/nope/topics/", status.HTTP_404_NOT_FOUND),
    ("/api/v1/competitions/arena/topics/?sort=sideways", status.HTTP_400_BAD_REQUEST),
    ("/api/v1/search/", status.HTTP_400_BAD_REQUEST),
])
def test_it_answers_bad_requests_with_the_common_error_body(api_client, arena, path, code):
    response = api_client.get(path)

    assert response.status_code == code
    assert response.data["error"]["status"] == code and response.data["error"]["message"]


def test_it_lists_topics_without_n_plus_one_queries(api_client, arena, alice, django_assert_max_num_queries):
    for index in range(15):
        services.topic_create(user=alice, competition=arena, title=f"Topic {index}", body="…")

    with django_assert_max_num_queries(6):
        api_client.get(f"/api/v1/competitions/{arena.slug}/topics/")
