"""The admin site (SEC-6, SEC-2): a second factor first, then the duties of the three
administrators, whatever a model admin of any app or library would allow.

`config/urls.py` turns Django's default site into this class, as django-otp documents, so
the registrations of every app and library stay where they are.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

_ACTIONS = ("view", "add", "change", "delete")


def _bind_duties(model_admin) -> None:
    """Every permission of `model_admin` is also a duty of committees.access.ADMIN_DUTIES:
    a model nobody's duty names is closed to everyone (business records included)."""
    from committees import access

    if getattr(model_admin, "_sec6_bound", False):
        return
    label = model_admin.model._meta.label_lower

    for action in _ACTIONS:
        original = getattr(model_admin, f"has_{action}_permission")

        def check(request, obj=None, *, _action=action, _original=original):
            if not access.admin_may(request.user, label, _action):
                return False
            from committees.admin import DutyAdmin

            if isinstance(model_admin, DutyAdmin):
                return _original(request, obj)
            return True  # a library's admin: the duty alone decides

        setattr(model_admin, f"has_{action}_permission", check)

    def module(request):
        return any(access.admin_may(request.user, label, a) for a in _ACTIONS)

    model_admin.has_module_permission = module
    model_admin._sec6_bound = True


class AdminSite(OTPAdminSite):
    site_header = _("Administration of the three administrators")
    site_title = _("Administration")

    def has_permission(self, request):
        """Active staff verified by a second factor (django-otp), who is the system admin,
        the security admin or a superuser made on the server."""
        from committees import access

        if not super().has_permission(request):
            return False
        user = request.user
        return user.is_superuser or bool(access.system_roles(user) & access.ADMIN_STAFF)

    def get_urls(self):
        for model_admin in self._registry.values():
            _bind_duties(model_admin)
        return super().get_urls()
