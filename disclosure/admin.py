"""Read-only admin views: writes go through the services (the admin edits no business record)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from disclosure.models import Feedback, Item


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ["title", "township", "category", "state", "published_at"]
    list_filter = ["state", "category", "township"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnly):
    list_display = ["item", "kind", "received_at", "finding"]
    list_filter = ["kind", "township"]
