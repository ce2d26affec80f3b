import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from discussions import selectors, services
from discussions.models import Post, Topic
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_topic_with_its_opening_post(arena, alice):
    topic = services.topic_create(user=alice, competition=arena, title="  Leak in  train.csv? ", body="Look at `id`.",
                                  kind="question")

    assert topic.title == "Leak in train.csv?"
    assert topic.kind == Topic.Kind.QUESTION
    opening = topic.posts.get()
    assert opening.is_opening and opening.body == "Look at `id`."


def test_it_keeps_site_wide_topics_out_of_competition_forums(arena, alice):
    services.topic_create(user=alice, title="Welcome, newcomers", body="Say hi.")

    assert selectors.topic_list(user=alice, competition=arena).count() == 0
    assert [t.title for t in selectors.topic_list(user=alice, competition=None)] == ["Welcome, newcomers"]


@pytest.mark.parametrize(("title", "body", "kind", "field"), [
    ("", "text", "discussion", "title"),
    ("x" * 201, "text", "discussion", "title"),
    ("Title", "   ", "discussion", "body"),
    ("Title", "x" * 20_001, "discussion", "body"),
    ("Title", "text", "rant", "kind"),
])
def test_it_refuses_invalid_topics_with_a_message(arena, alice, title, body, kind, field):
    with pytest.raises(ValidationError) as error:
        services.topic_create(user=alice, competition=arena, title=title, body=body, kind=kind)

    assert field in error.value.message_dict
    assert Topic.objects.count() == 0


def test_it_refuses_a_site_wide_solution_writeup(alice):
    with pytest.raises(ValidationError, match="write-ups belong to a competition"):
        services.topic_create(user=alice, title="My solution", body="…", kind="writeup")


def test_it_threads_replies_depth_first(topic, alice, bob):
    first = services.post_reply(user=bob, topic=topic, body="first")
    second = services.post_reply(user=alice, topic=topic, body="second")
    nested = services.post_reply(user=alice, topic=topic, body="answer to first", parent=first)
    deeper = services.post_reply(user=bob, topic=topic, body="deeper", parent=nested)

    thread = selectors.post_thread(topic=topic, user=alice)

    assert [(n.post.body, n.depth) for n in thread][1:] == [
        ("first", 0), ("answer to first", 1), ("deeper", 2), ("second", 0)]
    assert [n.post.pk for n in thread][1:] == [first.pk, nested.pk, deeper.pk, second.pk]
    topic.refresh_from_db()
    assert topic.reply_count == 4


def test_it_refuses_a_reply_to_a_post_of_another_topic(arena, topic, alice, bob):
    other = services.topic_create(user=bob, competition=arena, title="Other", body="other")

    with pytest.raises(ValidationError):
        services.post_reply(user=alice, topic=topic, body="hm", parent=other.posts.get())


def test_it_marks_edited_posts(topic, alice):
    opening = topic.posts.get()

    services.post_edit(user=alice, post=opening, body="Stratified 10-fold.", title="How do you validate, really?")

    opening.refresh_from_db()
    topic.refresh_from_db()
    assert opening.edited_at is not None and opening.body == "Stratified 10-fold."
    assert topic.title == "How do you validate, really?"


def test_it_lets_only_the_author_edit(topic, bob):
    with pytest.raises(PermissionDenied):
        services.post_edit(user=bob, post=topic.posts.get(), body="mine now")


def test_it_soft_deletes_a_post_and_keeps_the_thread_shape(topic, alice, bob):
    parent = services.post_reply(user=bob, topic=topic, body="to be removed")
    child = services.post_reply(user=alice, topic=topic, body="still here", parent=parent)

    services.post_delete(user=bob, post=parent)

    thread = selectors.post_thread(topic=topic, user=alice)
    assert [(n.post.pk, n.post.is_deleted, n.depth) for n in thread][1:] == [(parent.pk, True, 0), (child.pk, False, 1)]
    assert Post.objects.filter(pk=parent.pk).exists()


def test_it_lets_hosts_delete_any_post_but_not_strangers(arena, topic, bob):
    with pytest.raises(PermissionDenied):
        services.post_delete(user=bob, post=topic.posts.get())

    services.post_delete(user=arena.hosts.get(), post=topic.posts.get())

    topic.refresh_from_db()
    assert topic.is_deleted
    assert selectors.topic_list(user=bob, competition=arena).count() == 0


def test_it_takes_no_replies_on_a_deleted_topic(topic, alice, bob):
    services.post_delete(user=alice, post=topic.posts.get())

    with pytest.raises(ValidationError):
        services.post_reply(user=bob, topic=topic, body="late")


def test_it_lets_hosts_pin_topics_first_in_every_sort(arena, alice, bob):
    old = services.topic_create(user=alice, competition=arena, title="Rules clarification", body="…")
    services.topic_create(user=bob, competition=arena, title="Newer", body="…")

    with pytest.raises(PermissionDenied):
        services.topic_pin(user=bob, topic=old, pinned=True)
    services.topic_pin(user=arena.hosts.get(), topic=old, pinned=True)

    for sort in ("hot", "new", "top"):
        assert selectors.topic_list(user=bob, competition=arena, sort=sort).first() == old


def test_it_pins_site_wide_topics_by_staff_only(alice):
    topic = services.topic_create(user=alice, title="Site news", body="…")
    staff = UserFactory(username="staff", is_staff=True)

    with pytest.raises(PermissionDenied):
        services.topic_pin(user=alice, topic=topic, pinned=True)
    assert services.topic_pin(user=staff, topic=topic, pinned=True).is_pinned


def test_it_sorts_by_new_top_and_hot(arena, alice, bob):
    voters = [UserFactory(username=f"voter{i}") for i in range(3)]
    popular = services.topic_create(user=alice, competition=arena, title="Popular", body="…")
    fresh = services.topic_create(user=alice, competition=arena, title="Fresh", body="…")
    for voter in voters:
        services.post_vote(user=voter, post=popular.posts.get())

    assert list(selectors.topic_list(user=bob, competition=arena, sort="new")) == [fresh, popular]
    assert list(selectors.topic_list(user=bob, competition=arena, sort="top")) == [popular, fresh]
    assert list(selectors.topic_list(user=bob, competition=arena, sort="hot")) == [popular, fresh]


def test_it_ranks_an_old_topic_below_a_new_one_with_the_same_votes(arena, alice):
    import datetime as dt

    old = services.topic_create(user=alice, competition=arena, title="Old", body="…")
    Topic.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=3))
    old.refresh_from_db()
    old.hot_score = services.hot_score(votes=0, created_at=old.created_at)
    old.save()
    new = services.topic_create(user=alice, competition=arena, title="New", body="…")

    assert list(selectors.topic_list(user=alice, competition=arena, sort="hot")) == [new, old]


def test_it_hides_topics_of_unpublished_competitions(arena, topic, bob):
    arena.is_published = False
    arena.save()

    with pytest.raises(Topic.DoesNotExist):
        selectors.topic_get(user=bob, pk=topic.pk)
    assert selectors.topic_get(user=arena.hosts.get(), pk=topic.pk) == topic
