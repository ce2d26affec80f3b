"""`kaggle competitions topics list/show`: registered into the CLI compatibility layer of competitions."""

from django.urls import reverse
from django.utils.translation import gettext as _

from competitions.kaggle_compat import methods, shapes

from . import selectors
from .models import Topic


def _topic(topic: Topic, request) -> dict:
    return {"id": topic.pk, "title": topic.title, "topicUrl": request.build_absolute_uri(reverse("discussions:topic", args=[topic.pk])),
            "authorName": topic.author.get_username(), "commentCount": topic.reply_count, "votes": topic.vote_count,
            "postDate": shapes.when(topic.created_at), "lastCommentPostDate": shapes.when(topic.last_activity_at),
            "isSticky": topic.is_pinned}


def list_competition_topics(request, body: dict) -> dict:
    competition = methods.competition_or_404(request, methods.competition_slug(body))
    topics = list(selectors.topic_list(user=request.user, competition=competition, sort="new"))
    chunk, _ = methods.paged(topics, body)
    return {"topics": [_topic(t, request) for t in chunk], "totalCount": len(topics)}


def list_topic_messages(request, body: dict) -> dict:
    competition = methods.competition_or_404(request, methods.competition_slug(body))
    try:
        topic = selectors.topic_get(user=request.user, pk=methods.number_field(body, "topicId", default=0))
    except Topic.DoesNotExist:
        topic = None
    if topic is None or topic.competition_id != competition.pk:
        raise methods.MethodError(404, _("Topic {topic} not found in '{competition}'.").format(
            topic=body.get("topicId"), competition=competition.slug))
    nodes = selectors.post_thread(topic=topic, user=request.user)
    return {"messages": [_message(node.post) for node in nodes]}


def _topic_or_404(request, topic_id: int) -> Topic:
    try:
        return selectors.topic_get(user=request.user, pk=topic_id)
    except Topic.DoesNotExist:
        raise methods.MethodError(404, _("Topic {topic} not found.").format(topic=topic_id))


def get_topic(request, body: dict) -> dict:
    topic = _topic_or_404(request, methods.number_field(body, "id", default=0))
    opening = topic.posts.filter(is_opening=True).first()
    forum = topic.competition.title if topic.competition else _("General")
    return {"topic": {**_topic(topic, request), "url": _topic(topic, request)["topicUrl"],
                      "lastCommentDate": shapes.when(topic.last_activity_at), "forumName": forum,
                      "forumId": topic.competition_id or 0, "content": opening.body if opening else ""}}


def list_comments(request, body: dict) -> dict:
    """The replies as a tree (the opening post is the topic's content)."""
    topic = _topic_or_404(request, methods.number_field(body, "topicId", default=0))
    by_parent: dict = {}
    opening_id = None
    for node in selectors.post_thread(topic=topic, user=request.user):
        if node.post.is_opening:
            opening_id = node.post.pk
            continue
        by_parent.setdefault(node.post.parent_id, []).append(node.post)

    def tree(parent_id) -> list[dict]:
        return [{**_message(post), "replies": tree(post.pk)} for post in by_parent.get(parent_id, [])]

    return {"comments": tree(opening_id) + (tree(None) if opening_id else []), "nextPageToken": ""}


def _message(post) -> dict:
    text = "[deleted]" if post.is_deleted else post.body
    return {"id": post.pk, "postDate": shapes.when(post.created_at), "content": text, "rawMarkdown": text,
            "authorName": post.author.get_username(), "votes": post.vote_count, "isDeleted": post.is_deleted,
            "isPinned": post.is_opening and post.topic.is_pinned, "replies": []}


def register() -> None:
    methods.register("ListCompetitionTopics", list_competition_topics)
    methods.register("ListTopicMessages", list_topic_messages)
    methods.register("GetTopic", get_topic)
    methods.register("ListComments", list_comments)
