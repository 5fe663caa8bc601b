"""Admin: accounts and township role grants for the system admin, lockouts and second
factors for the security admin; business records are read-only here (SEC-6).

Who may open what is `committees.access.ADMIN_DUTIES`, not Django's model permissions: the
site (config.admin.AdminSite) binds every registered model admin to it, and every write
below goes through a service of committees.services, which checks its actor again and
records the action in the administrators' trail (AdminAction). No admin shows
is_superuser, is_staff, groups or user permissions: those are set on the server only.
"""

import copy
import functools

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from committees import access, services
from committees.models import (
    AdminAction,
    Body,
    County,
    CountyUserObjectPermission,
    Membership,
    Person,
    RuleSet,
    SystemRoleGrant,
    Township,
    TownshipUserObjectPermission,
)
from core.errors import DomainError

User = get_user_model()


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Business records (SEC-6): nobody adds, changes or deletes them in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return {}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise PermissionDenied  # simple-history's revert form writes the record back

    def revisit_view(self, *args, **kwargs):
        raise PermissionDenied


for model in (County, Township, Body, Person, Membership, RuleSet):
    admin.site.register(model, ReadOnlyAdmin)


def _shows_refusals(view):
    """A service's refusal (a DomainError) is said on the page the user came from; the
    admin's transaction has rolled back, nothing is written."""

    @functools.wraps(view)
    def wrapper(self, request, *args, **kwargs):
        try:
            return view(self, request, *args, **kwargs)
        except DomainError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())

    return wrapper


class DutyAdmin(admin.ModelAdmin):
    """A model admin whose permissions are the duties of access.ADMIN_DUTIES; its writes
    go through services, whose refusals are shown, not raised."""

    @_shows_refusals
    def add_view(self, request, *args, **kwargs):
        return super().add_view(request, *args, **kwargs)

    @_shows_refusals
    def change_view(self, request, *args, **kwargs):
        return super().change_view(request, *args, **kwargs)

    @_shows_refusals
    def delete_view(self, request, *args, **kwargs):
        return super().delete_view(request, *args, **kwargs)

    @_shows_refusals
    def changelist_view(self, request, *args, **kwargs):
        return super().changelist_view(request, *args, **kwargs)

    def _may(self, request, action):
        return access.admin_may(request.user, self.model._meta.label_lower, action)

    def has_module_permission(self, request):
        return self._may(request, "view")

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view")

    def has_add_permission(self, request, obj=None):
        return self._may(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete")


def _refused(request, error: DomainError) -> None:
    messages.error(request, str(error))


# -- accounts -----------------------------------------------------------------------------


class AccountCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "first_name", "last_name", "email")


class AccountChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email", "is_active")


def _system_role_label(user) -> str:
    grant = SystemRoleGrant.objects.filter(user=user).first()
    if grant is not None:
        return grant.get_role_display()
    return str(_("superuser")) if user.is_superuser else ""


try:
    admin.site.unregister(User)
except admin.sites.NotRegistered:
    pass
try:
    admin.site.unregister(Group)
except admin.sites.NotRegistered:
    pass


@admin.register(User)
class AccountAdmin(DutyAdmin, DjangoUserAdmin):
    """The system admin creates accounts, changes names and e-mail, deactivates and resets
    passwords — of others, and not of the system accounts (managed on the server)."""

    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ("username", "first_name", "last_name", "is_active", "system_role")
    list_filter = ("is_active",)
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    filter_horizontal = ()
    readonly_fields = ("system_role", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "system_role")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    actions = None

    @admin.display(description=_("system role"))
    def system_role(self, obj):
        return _system_role_label(obj)

    def has_change_permission(self, request, obj=None):
        if not self._may(request, "change"):
            return False
        if obj is None:
            return True
        # SEC-6: not one's own account, not a system account (the server's work).
        if obj.pk == request.user.pk:
            return False
        return not (
            (access.system_roles(obj) or obj.is_superuser)
            and not request.user.is_superuser
        )

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted (the trail names them)

    def save_model(self, request, obj, form, change):
        if change:
            services.account_update(
                actor=request.user,
                user=obj,
                reason="admin",
                **{field: form.cleaned_data[field] for field in form.changed_data},
            )
            return
        password = (
            form.cleaned_data.get("password1")
            if form.cleaned_data.get("usable_password", "true") != "false"
            else None
        )
        created = services.account_create(
            actor=request.user,
            username=form.cleaned_data["username"],
            password=password,
            first_name=form.cleaned_data.get("first_name", ""),
            last_name=form.cleaned_data.get("last_name", ""),
            email=form.cleaned_data.get("email", ""),
            reason="admin",
        )
        obj.pk = created.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass  # no groups, no permissions: nothing related is edited here

    @_shows_refusals
    def user_change_password(self, request, id, form_url=""):
        """The password form, saved through services.account_password_set (not oneself,
        not a system account: has_change_permission)."""
        actor = request.user

        class ServicePasswordForm(AdminPasswordChangeForm):
            def save(self, commit=True):
                services.account_password_set(
                    actor=actor,
                    user=self.user,
                    password=self.cleaned_data.get("password1")
                    if self.cleaned_data.get("set_usable_password", True)
                    else None,
                )
                return self.user

        bound = copy.copy(self)
        bound.change_password_form = ServicePasswordForm
        return DjangoUserAdmin.user_change_password(bound, request, id, form_url)


@admin.register(SystemRoleGrant)
class SystemRoleGrantAdmin(DutyAdmin):
    """Read-only: system roles are granted on the server (manage.py system_role)."""

    list_display = ("user", "role", "granted_by", "granted_at", "reason")
    list_filter = ("role",)
    readonly_fields = ("user", "role", "granted_by", "granted_at", "reason")
    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- township role grants ------------------------------------------------------------------


class TownshipGrantForm(forms.ModelForm):
    role = forms.ChoiceField(
        label=_("role"),
        choices=[
            (role.value, access.ROLE_LABELS[role])
            for role in access.TOWNSHIP_ROLE_CODENAMES
        ],
    )

    class Meta:
        model = TownshipUserObjectPermission
        fields = ("user", "content_object")


class GrantAdmin(DutyAdmin):
    """Grants are made and withdrawn through the services (never oneself, never a system
    account; recorded), never edited in place."""

    actions = None
    autocomplete_fields = ("user",)

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return ("user", "permission", "content_object") if obj else ()

    def save_model(self, request, obj, form, change):
        self.grant(request, form.cleaned_data)
        found = self.model.objects.filter(
            user=form.cleaned_data["user"],
            content_object=form.cleaned_data["content_object"],
        ).first()
        if found is not None:  # the row the service made stands for the form's
            obj.pk, obj.permission_id = found.pk, found.permission_id
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        pass

    def delete_model(self, request, obj):
        self.revoke(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(TownshipUserObjectPermission)
class TownshipGrantAdmin(GrantAdmin):
    form = TownshipGrantForm
    list_display = ("user", "permission", "content_object")
    list_filter = ("permission", "content_object")
    search_fields = ("user__username",)

    def get_fields(self, request, obj=None):
        if obj:
            return ("user", "permission", "content_object")
        return ("user", "content_object", "role")

    def grant(self, request, data):
        services.role_grant(
            actor=request.user,
            user=data["user"],
            township=data["content_object"],
            role=data["role"],
        )

    def revoke(self, request, obj):
        role = access._CODENAME_ROLES.get(obj.permission.codename)
        if role is None:
            raise PermissionDenied
        services.role_revoke(
            actor=request.user, user=obj.user, township=obj.content_object, role=role
        )


class CountyGrantForm(forms.ModelForm):
    class Meta:
        model = CountyUserObjectPermission
        fields = ("user", "content_object")


@admin.register(CountyUserObjectPermission)
class CountyGrantAdmin(GrantAdmin):
    form = CountyGrantForm
    list_display = ("user", "permission", "content_object")

    def get_fields(self, request, obj=None):
        if obj:
            return ("user", "permission", "content_object")
        return ("user", "content_object")

    def grant(self, request, data):
        services.county_reviewer_grant(
            actor=request.user, user=data["user"], county=data["content_object"]
        )

    def revoke(self, request, obj):
        services.county_reviewer_revoke(
            actor=request.user, user=obj.user, county=obj.content_object
        )


# -- lockouts and second factors: the security admin's -------------------------------------

try:
    admin.site.unregister(AccessAttempt)
except admin.sites.NotRegistered:
    pass


@admin.register(AccessAttempt)
class LockoutAdmin(DutyAdmin, AccessAttemptAdmin):
    """django-axes' failed attempts; deleting one lets the account (or address) try again
    (services.lockout_clear, recorded)."""

    actions = ["delete_selected"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.lockout_clear(actor=request.user, attempts=[obj])

    def delete_queryset(self, request, queryset):
        services.lockout_clear(actor=request.user, attempts=queryset)


for device_model in (TOTPDevice, StaticDevice):
    try:
        admin.site.unregister(device_model)
    except admin.sites.NotRegistered:
        pass


class DeviceAdmin(DutyAdmin):
    """Second-factor devices: the security admin sees who has one and removes a lost one
    (the owner enrols again). Never their secret keys, never a new device for someone."""

    list_display = ("user", "name", "confirmed")
    fields = ("user", "name", "confirmed")
    readonly_fields = ("user", "name", "confirmed")
    search_fields = ("user__username",)
    actions = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.user_id == request.user.pk:
            return False
        return self._may(request, "delete")

    def delete_model(self, request, obj):
        services.security_record_delete(actor=request.user, obj=obj)


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)


# The administrators' trail is read on committees.trail's screens, not edited anywhere.
__all__ = ["AdminAction", "DutyAdmin", "ReadOnlyAdmin"]
