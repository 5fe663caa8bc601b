"""Admin: accounts and role grants for the system admin; business records are read-only here.

SEC-6: no admin role edits business records; those change only through the services.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.models import (
    Body,
    County,
    CountyUserObjectPermission,
    Membership,
    Person,
    RuleSet,
    Township,
    TownshipUserObjectPermission,
)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (County, Township, Body, Person, Membership, RuleSet):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(TownshipUserObjectPermission)
class TownshipGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "permission", "content_object")
    list_filter = ("permission", "content_object")
    search_fields = ("user__username",)
    autocomplete_fields = ("user",)


@admin.register(CountyUserObjectPermission)
class CountyGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "permission", "content_object")
    autocomplete_fields = ("user",)
