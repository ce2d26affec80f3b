from rest_framework import serializers

from competitions.rendering import render_markdown


class AuthorField(serializers.CharField):
    def to_representation(self, user) -> str:
        return user.get_username()


class TopicOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competition = serializers.SerializerMethodField()
    title = serializers.CharField()
    kind = serializers.CharField()
    author = AuthorField()
    is_pinned = serializers.BooleanField()
    vote_count = serializers.IntegerField()
    reply_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    last_activity_at = serializers.DateTimeField()
    url = serializers.SerializerMethodField()

    def get_competition(self, topic) -> str | None:
        return topic.competition.slug if topic.competition_id else None

    def get_url(self, topic) -> str:
        path = f"/discussions/topics/{topic.pk}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PostOutputSerializer(serializers.Serializer):
    """Deleted posts keep their place (id, parent, depth) and lose their author and text."""

    id = serializers.IntegerField(source="post.id")
    parent = serializers.IntegerField(source="post.parent_id", allow_null=True)
    depth = serializers.IntegerField()
    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    is_deleted = serializers.BooleanField(source="post.is_deleted")
    vote_count = serializers.IntegerField(source="post.vote_count")
    created_at = serializers.DateTimeField(source="post.created_at")
    edited_at = serializers.DateTimeField(source="post.edited_at", allow_null=True)

    def get_author(self, node) -> str | None:
        return None if node.post.is_deleted else node.post.author.get_username()

    def get_body(self, node) -> str:
        return "[deleted]" if node.post.is_deleted else node.post.body

    def get_body_html(self, node) -> str:
        return "" if node.post.is_deleted else render_markdown(node.post.body)


class TopicDetailOutputSerializer(TopicOutputSerializer):
    posts = PostOutputSerializer(many=True, source="thread")


class CodeVersionOutputSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    filename = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    message = serializers.CharField(source="note")
    created_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, version) -> str:
        path = f"/code/{version.entry_id}/download/?version={version.number}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CodeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    competition = serializers.SlugField(source="competition.slug")
    title = serializers.CharField()
    kind = serializers.CharField()
    author = AuthorField()
    vote_count = serializers.IntegerField()
    fork_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    version_count = serializers.IntegerField()
    forked_from = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_forked_from(self, entry) -> dict | None:
        source = entry.forked_from
        return {"code": source.entry_id, "version": source.number} if source else None


class CodeDetailOutputSerializer(CodeOutputSerializer):
    versions = CodeVersionOutputSerializer(many=True, source="version_list")


class SearchHitOutputSerializer(serializers.Serializer):
    type = serializers.CharField(source="doc_type")
    id = serializers.IntegerField(source="object_id")
    title = serializers.CharField()
    snippet = serializers.CharField()
    url = serializers.CharField()
    score = serializers.FloatField()
