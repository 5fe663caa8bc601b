"""Read-only admin views (SEC-6): writes go through the services; the admin edits no
business record, and the site (config.admin) opens these to nobody's duty."""

from django.contrib import admin

from committees.admin import ReadOnlyAdmin
from disclosure.models import Feedback, Item


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "township", "category", "state", "published_at"]
    list_filter = ["state", "category", "township"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["item", "kind", "received_at", "finding"]
    list_filter = ["kind", "township"]
