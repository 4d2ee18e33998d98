from django.contrib import admin

from commissioning.core.models import TimelineEvent


class NoDeleteAdmin(admin.ModelAdmin):
    """Records are archived through the product, never deleted, even by Django admin."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(TimelineEvent)
class TimelineEventAdmin(NoDeleteAdmin):
    list_display = ["occurred_at", "content_type", "object_id", "verb", "summary", "actor"]
    list_filter = ["verb", "content_type"]
    list_select_related = ["content_type", "actor"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
