from django.contrib import admin

from .models import CodeComment, CodeEntry, CodeVersion, Post, Topic


class PostInline(admin.TabularInline):
    model = Post
    fields = ("author", "body", "is_deleted", "vote_count", "created_at")
    readonly_fields = ("author", "vote_count", "created_at")
    extra = 0


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "competition", "author", "kind", "is_pinned", "is_deleted", "vote_count", "created_at")
    list_filter = ("kind", "is_pinned", "is_deleted", "competition")
    search_fields = ("title", "author__username")
    readonly_fields = ("vote_count", "reply_count", "hot_score")
    inlines = [PostInline]


class CodeVersionInline(admin.TabularInline):
    model = CodeVersion
    fields = ("number", "filename", "size", "message", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(CodeEntry)
class CodeEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "competition", "author", "kind", "vote_count", "fork_count", "updated_at")
    list_filter = ("kind", "competition")
    search_fields = ("title", "author__username")
    readonly_fields = ("vote_count", "fork_count", "comment_count", "version_count", "forked_from")
    inlines = [CodeVersionInline]


@admin.register(CodeComment)
class CodeCommentAdmin(admin.ModelAdmin):
    list_display = ("entry", "author", "created_at", "is_deleted")
    list_filter = ("is_deleted",)
