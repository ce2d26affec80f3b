from django.contrib import admin

from .models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__username", "user__email")
    readonly_fields = ("created_at", "last_used_at")
    exclude = ("key",)  # staff manage keys by regenerating, never by reading someone else's
