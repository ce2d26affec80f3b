import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from discussions import services
from discussions.models import CodeEntry, Post, PostVote, Topic
from tests.factories import UserFactory

from .helpers import simple_notebook


@pytest.mark.django_db
def test_it_counts_one_upvote_per_user(topic, bob):
    opening = topic.posts.get()

    assert services.post_vote(user=bob, post=opening) is True
    assert services.post_vote(user=bob, post=opening) is False

    opening.refresh_from_db()
    topic.refresh_from_db()
    assert opening.vote_count == 1 and topic.vote_count == 1
    assert PostVote.objects.filter(post=opening).count() == 1


@pytest.mark.django_db
def test_it_refuses_self_votes(topic, alice):
    with pytest.raises(ValidationError, match="your own"):
        services.post_vote(user=alice, post=topic.posts.get())


@pytest.mark.django_db
def test_it_refuses_votes_on_deleted_posts(topic, alice, bob):
    reply = services.post_reply(user=alice, topic=topic, body="gone soon")
    services.post_delete(user=alice, post=reply)

    with pytest.raises(ValidationError):
        services.post_vote(user=bob, post=reply)


@pytest.mark.django_db
def test_it_takes_a_vote_back(topic, bob):
    opening = topic.posts.get()
    services.post_vote(user=bob, post=opening)

    assert services.post_unvote(user=bob, post=opening) is True
    assert services.post_unvote(user=bob, post=opening) is False
    opening.refresh_from_db()
    assert opening.vote_count == 0


@pytest.mark.django_db
def test_it_counts_code_votes_once_and_never_the_authors(arena, alice, bob):
    entry = services.code_create(user=alice, competition=arena, title="Baseline", filename="b.ipynb",
                                 content=simple_notebook())

    with pytest.raises(ValidationError):
        services.code_vote(user=alice, entry=entry)
    services.code_vote(user=bob, entry=entry)
    services.code_vote(user=bob, entry=entry)

    entry.refresh_from_db()
    assert entry.vote_count == 1


def _hammer(worker, count: int) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(count)

    def run(index):
        try:
            barrier.wait()
            worker(index)
        except BaseException as error:  # noqa: BLE001 -- reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_it_keeps_vote_counts_exact_under_concurrent_votes(arena, alice):
    topic = services.topic_create(user=alice, competition=arena, title="Race", body="vote!")
    opening = topic.posts.get()
    voters = [UserFactory(username=f"racer{i}") for i in range(8)]

    # Eight users vote at once, each of them twice.
    errors = _hammer(lambda i: services.post_vote(user=voters[i % 8], post=opening), 16)

    assert errors == []
    opening.refresh_from_db()
    topic = Topic.objects.get(pk=topic.pk)
    assert PostVote.objects.filter(post=opening).count() == 8
    assert opening.vote_count == 8 and topic.vote_count == 8


@pytest.mark.django_db(transaction=True)
def test_it_keeps_code_vote_counts_exact_under_concurrent_votes(arena, alice):
    entry = services.code_create(user=alice, competition=arena, title="Race", filename="r.py", content=b"print(1)\n")
    voters = [UserFactory(username=f"coder{i}") for i in range(6)]

    errors = _hammer(lambda i: services.code_vote(user=voters[i % 6], entry=entry), 12)

    assert errors == []
    assert CodeEntry.objects.get(pk=entry.pk).vote_count == 6


@pytest.mark.django_db
def test_it_increments_the_stored_count_in_the_database(topic, bob):
    Post.objects.filter(pk=topic.posts.get().pk).update(vote_count=41)

    services.post_vote(user=bob, post=topic.posts.get())

    assert topic.posts.get().vote_count == 42  # F() increments what is stored, in the database
