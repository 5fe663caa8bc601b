"""Roles and township isolation (SEC-1, SEC-6). The one module that talks to django-guardian.

Township roles are object permissions on Township (direct foreign-key rows); the county
reviewer's role is an object permission on County and reaches every township of it. The
system admin, security admin and auditor are global groups that hold no township role, so
they edit no business record (SEC-6).

Views never filter by hand: they ask `scope()`, `township_for_user()` or `require()`,
which answer 404 for anything outside the user's townships.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm

from committees.models import (
    County,
    Township,
    TownshipUserObjectPermission,
)


class Role(StrEnum):
    SECRETARY = "secretary"
    CLERK = "clerk"
    MEMBER = "member"
    CADRE = "cadre"
    FINANCE_GROUP = "finance_group"
    COUNTY_REVIEWER = "county_reviewer"


ROLE_LABELS = {
    Role.SECRETARY: _("secretary"),
    Role.CLERK: _("clerk"),
    Role.MEMBER: _("committee member"),
    Role.CADRE: _("cadre"),
    Role.FINANCE_GROUP: _("finance group"),
    Role.COUNTY_REVIEWER: _("county reviewer"),
}

TOWNSHIP_ROLE_CODENAMES = {
    Role.SECRETARY: "act_secretary",
    Role.CLERK: "act_clerk",
    Role.MEMBER: "act_member",
    Role.CADRE: "act_cadre",
    Role.FINANCE_GROUP: "act_finance_group",
}
_CODENAME_ROLES = {codename: role for role, codename in TOWNSHIP_ROLE_CODENAMES.items()}
COUNTY_REVIEW_CODENAME = "review_county"


class SystemRole(StrEnum):
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDITOR = "auditor"


# Who may do what, by kind of work. Services and views name these, not single roles.
READERS = frozenset(Role)  # everyone with a role in (or over) the township reads it
TOWNSHIP_STAFF = frozenset({Role.SECRETARY, Role.CLERK})
WRITERS = TOWNSHIP_STAFF  # record meetings, attendance, votes, notices, reports
SECRETARY_ONLY = frozenset({Role.SECRETARY})

_CACHE_ATTR = "_township_roles_cache"


def township_roles(user) -> dict[int, frozenset[Role]]:
    """township id -> the user's roles there (computed once per user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    found: dict[int, set[Role]] = {}
    rows = TownshipUserObjectPermission.objects.filter(
        user=user, permission__codename__in=_CODENAME_ROLES
    ).values_list("content_object_id", "permission__codename")
    for township_id, codename in rows:
        found.setdefault(township_id, set()).add(_CODENAME_ROLES[codename])
    reviewed = Township.objects.filter(
        county__countyuserobjectpermission__user=user,
        county__countyuserobjectpermission__permission__codename=COUNTY_REVIEW_CODENAME,
    ).values_list("pk", flat=True)
    for township_id in reviewed:
        found.setdefault(township_id, set()).add(Role.COUNTY_REVIEWER)
    result = {township_id: frozenset(roles) for township_id, roles in found.items()}
    setattr(user, _CACHE_ATTR, result)
    return result


def role_labels(roles) -> list:
    """Translated labels of `roles`, most responsible first."""
    order = list(Role)
    return [ROLE_LABELS[role] for role in sorted(roles, key=order.index)]


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_in(user, township) -> frozenset[Role]:
    township_id = township if isinstance(township, int) else township.pk
    return township_roles(user).get(township_id, frozenset())


def has_role(user, township, roles=READERS) -> bool:
    return bool(roles_in(user, township) & frozenset(roles))


def township_ids(user, roles=READERS) -> list[int]:
    wanted = frozenset(roles)
    return sorted(tid for tid, held in township_roles(user).items() if held & wanted)


def townships_for_user(user, roles=READERS) -> QuerySet[Township]:
    return Township.objects.filter(pk__in=township_ids(user, roles)).select_related(
        "county"
    )


def scope(queryset: QuerySet, user, roles=READERS, path: str = "township") -> QuerySet:
    """Narrow any queryset of governed rows to the user's townships (SEC-1)."""
    return queryset.filter(**{f"{path}__in": township_ids(user, roles)})


def township_for_user(user, slug: str, roles=READERS) -> Township:
    township = townships_for_user(user, roles).filter(slug=slug).first()
    if township is None:
        raise Http404  # SEC-1: never 403, which would confirm the township's records exist
    return township


def require(user, township, roles=READERS) -> None:
    if not has_role(user, township, roles):
        raise Http404


_SYSTEM_CACHE_ATTR = "_system_roles_cache"


def system_roles(user) -> frozenset[SystemRole]:
    """The user's system role (SEC-6: at most one), from committees.SystemRoleGrant — never
    from auth groups, which only mirror it for Django's admin."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, _SYSTEM_CACHE_ATTR, None)
    if cached is not None:
        return cached
    from committees.models import SystemRoleGrant

    roles = SystemRoleGrant.objects.filter(user_id=user.pk).values_list(
        "role", flat=True
    )
    result = frozenset(SystemRole(role) for role in roles)
    setattr(user, _SYSTEM_CACHE_ATTR, result)
    return result


def system_role(user) -> SystemRole | None:
    return next(iter(system_roles(user)), None)


def forget_system_roles(user) -> None:
    if hasattr(user, _SYSTEM_CACHE_ATTR):
        delattr(user, _SYSTEM_CACHE_ATTR)


# SEC-6: what each administrator may do in Django's admin, by model (app_label.model) and
# action. Nothing else: business records are read-only for everyone (committees.admin
# ReadOnlyAdmin), and a superuser made on the server (manage.py grant_superuser) holds the
# duties of the system admin and the security admin, never a business write.
ADMIN_DUTIES: dict[SystemRole, dict[str, frozenset[str]]] = {
    # Accounts and role grants.
    SystemRole.SYSTEM_ADMIN: {
        "auth.user": frozenset({"view", "add", "change"}),
        "committees.townshipuserobjectpermission": frozenset({"view", "add", "delete"}),
        "committees.countyuserobjectpermission": frozenset({"view", "add", "delete"}),
        "committees.systemrolegrant": frozenset({"view"}),
    },
    # Lockouts (django-axes) and second factors (django-otp): the security settings.
    SystemRole.SECURITY_ADMIN: {
        "axes.accessattempt": frozenset({"view", "delete"}),
        "axes.accessfailurelog": frozenset({"view"}),
        "axes.accesslog": frozenset({"view"}),
        "otp_totp.totpdevice": frozenset({"view", "delete"}),
        "otp_static.staticdevice": frozenset({"view", "delete"}),
        "auth.user": frozenset({"view"}),
    },
    # The auditor reads the trail on its own screens (committees.trail), not in the admin.
    SystemRole.AUDITOR: {},
}
ADMIN_STAFF = frozenset({SystemRole.SYSTEM_ADMIN, SystemRole.SECURITY_ADMIN})


def admin_may(user, model_label: str, action: str) -> bool:
    """SEC-6: may `user` do `action` (view, add, change, delete) on the model in the admin?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    roles = set(system_roles(user))
    if user.is_superuser:
        roles |= ADMIN_STAFF
    return any(action in ADMIN_DUTIES[role].get(model_label, ()) for role in roles)


def is_security_admin(user) -> bool:
    return SystemRole.SECURITY_ADMIN in system_roles(user)


def is_auditor(user) -> bool:
    return SystemRole.AUDITOR in system_roles(user)


# AUD-1: who reads a record's history page (committees.views.record_history); a page links
# to a history only for them.
HISTORY_READERS = TOWNSHIP_STAFF | {Role.COUNTY_REVIEWER}


def may_read_history(user, township) -> bool:
    """The auditor, or the township's staff and county reviewers (township: a Township,
    its id, or None for county data, which only the auditor reads)."""
    if is_auditor(user):
        return True
    return township is not None and has_role(user, township, HISTORY_READERS)


def counties_reviewed(user) -> QuerySet[County]:
    return County.objects.filter(
        countyuserobjectpermission__user=user,
        countyuserobjectpermission__permission__codename=COUNTY_REVIEW_CODENAME,
    ).distinct()


# Grants: only committees.services calls these (it records who and why).
def _grant(user, role: Role, township: Township) -> None:
    assign_perm(f"committees.{TOWNSHIP_ROLE_CODENAMES[role]}", user, township)
    forget_roles(user)


def _revoke(user, role: Role, township: Township) -> None:
    remove_perm(f"committees.{TOWNSHIP_ROLE_CODENAMES[role]}", user, township)
    forget_roles(user)


def _grant_county(user, county: County) -> None:
    assign_perm(f"committees.{COUNTY_REVIEW_CODENAME}", user, county)
    forget_roles(user)


def _revoke_county(user, county: County) -> None:
    remove_perm(f"committees.{COUNTY_REVIEW_CODENAME}", user, county)
    forget_roles(user)


# -- the one vocabulary every app uses ----------------------------------------------------


def require_actor(actor, township, roles=READERS, *, refusal=None) -> None:
    """The check every write service makes of its actor, first thing.

    `actor=None` is the system itself (a Celery task, demo data, or another app's service
    that has already checked its own user); a person needs one of `roles` in `township`
    (a Township or its id). A refusal is a domain error the view shows, not a 404: the
    view has already shown the user the township, so there is nothing left to hide.
    `refusal` is a DomainError class of the rule's own words ("only the township's staff
    record the pilot"), raised instead of the generic NotPermitted.
    """
    if actor is None:
        return
    if not has_role(actor, township, roles):
        from core.errors import NotPermitted

        raise (refusal or NotPermitted)()


def require_system(actor) -> None:
    """Counties, townships and role grants: the system admin's (or the system's) work."""
    if actor is None:
        return
    if SystemRole.SYSTEM_ADMIN not in system_roles(actor):
        from core.errors import NotPermitted

        raise NotPermitted()


def governed_or_404(
    queryset: QuerySet,
    user,
    pk,
    *,
    township=None,
    roles=READERS,
    path: str = "township",
):
    """One governed row by pk for `user`, or 404 (SEC-1: never 403).

    The row must lie in one of the user's townships (with one of `roles`), and in
    `township` when one is given (a URL that names the township and the row must agree).
    """
    narrowed = scope(queryset, user, roles, path)
    if township is not None:
        narrowed = narrowed.filter(**{path: township})
    row = narrowed.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def county_for_reviewer(user, pk):
    """A county the user reviews, by pk, or 404."""
    county = counties_reviewed(user).filter(pk=pk).first()
    if county is None:
        raise Http404
    return county


def users_with_role(township, roles) -> QuerySet:
    """The users who hold one of `roles` in `township` (a Township or its id)."""
    from django.contrib.auth import get_user_model

    township_id = township if isinstance(township, int) else township.pk
    codenames = [
        TOWNSHIP_ROLE_CODENAMES[role]
        for role in roles
        if role in TOWNSHIP_ROLE_CODENAMES
    ]
    return (
        get_user_model()
        .objects.filter(
            townshipuserobjectpermission__content_object_id=township_id,
            townshipuserobjectpermission__permission__codename__in=codenames,
        )
        .distinct()
    )
