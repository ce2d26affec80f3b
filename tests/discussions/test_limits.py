import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from discussions import services
from discussions.limits import DEFAULT_RATE_LIMITS, RateLimited
from discussions.models import RateEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_limits(settings):
    settings.PODIUM_COMMUNITY_RATE_LIMITS = DEFAULT_RATE_LIMITS


def test_it_limits_posts_per_user_per_minute(real_limits, topic, bob, alice):
    limit = DEFAULT_RATE_LIMITS["post"][0][0]
    for index in range(limit):
        services.post_reply(user=bob, topic=topic, body=f"reply {index}")

    with pytest.raises(RateLimited, match=f"at most {limit} posts in 1 minute"):
        services.post_reply(user=bob, topic=topic, body="one too many")
    services.post_reply(user=alice, topic=topic, body="others can still post")


def test_it_forgets_events_outside_the_window(real_limits, topic, bob):
    limit = DEFAULT_RATE_LIMITS["post"][0][0]
    for index in range(limit):
        services.post_reply(user=bob, topic=topic, body=f"reply {index}")
    RateEvent.objects.update(created_at=RateEvent.objects.first().created_at - dt.timedelta(minutes=2))

    services.post_reply(user=bob, topic=topic, body="a minute later")


def test_it_limits_votes(settings, arena, alice):
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"vote": [(3, 60)], "post": [(100, 60)]}
    voter = UserFactory(username="eager")
    topics = [services.topic_create(user=alice, competition=arena, title=f"T{i}", body="…") for i in range(4)]
    for topic in topics[:3]:
        services.post_vote(user=voter, post=topic.posts.get())

    with pytest.raises(RateLimited, match="at most 3 votes"):
        services.post_vote(user=voter, post=topics[3].posts.get())


def test_it_answers_a_rate_limited_reply_with_429(client, settings, topic, bob):
    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(1, 60)], "vote": [(1, 60)]}
    client.login(username="bob", password=PASSWORD)
    client.post(f"/discussions/topics/{topic.pk}/reply/", {"body": "first"})

    response = client.post(f"/discussions/topics/{topic.pk}/reply/", {"body": "second"}, headers={"HX-Request": "1"})

    assert response.status_code == 429 and "Slow down" in response.content.decode()


def test_it_caps_the_size_of_a_post(topic, bob):
    with pytest.raises(ValidationError, match="at most 20,000 characters"):
        services.post_reply(user=bob, topic=topic, body="x" * 20_001)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_cannot_both_take_the_last_slot(settings):
    import threading

    from django.db import connection

    from discussions.limits import RateLimited, rate_limit_hit
    from discussions.models import RateEvent
    from tests.factories import UserFactory

    settings.PODIUM_COMMUNITY_RATE_LIMITS = {"post": [(3, 60)], "vote": [(30, 60)]}
    user = UserFactory(username="racer")
    barrier, outcomes = threading.Barrier(12), []

    def post():
        barrier.wait()
        try:
            rate_limit_hit(user=user, action="post")
            outcomes.append("ok")
        except RateLimited:
            outcomes.append("limited")
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("ok") == 3 and RateEvent.objects.filter(user=user).count() == 3
