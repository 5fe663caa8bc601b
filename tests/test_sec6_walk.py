"""SEC-6: walk every admin URL (changelist, add, change, delete, history, password of every
model registered in admin.site) and every application URL (the permission matrix's) as each
of the three administrators, GET and POST, and fail on any write outside the persona's duty.

A write is seen by PostgreSQL itself: pg_stat_xact_user_tables counts the rows this
transaction inserted, updated or deleted, per table, so an UPDATE that changes no row
count (is_superuser ticked) is caught as surely as an INSERT. After the walk the row count
of every model outside the duty is what it was, and nobody gained power.
"""

from __future__ import annotations

from types import SimpleNamespace

from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice

from committees.models import SystemRoleGrant
from tests.test_permission_matrix import ENTRIES

PASSWORD = "Walk-Strong-pass-2026!"

# What each may write: its duty, its own session, the trail of what it did.
TRAIL = {
    "django_session",
    "django_admin_log",
    "committees_adminaction",
    "committees_historicaladminaction",
}
DUTY_TABLES = {
    "system_admin": TRAIL
    | {
        "auth_user",  # others' accounts (never the power fields: checked below)
        "committees_townshipuserobjectpermission",
        "committees_historicaltownshipuserobjectpermission",
        "committees_countyuserobjectpermission",
        "committees_historicalcountyuserobjectpermission",
    },
    "security_admin": TRAIL
    | {
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "otp_totp_totpdevice",
        "otp_static_staticdevice",
        "otp_static_statictoken",
    },
    # The auditor's check of the seals records its finding (AUD-2).
    "auditor": TRAIL | {"core_integritycheck"},
}


# Power no form may grant, posted to every admin form.
def _power_fields(world) -> dict:
    return {
        "is_superuser": "on",
        "is_staff": "on",
        "groups": list(Group.objects.values_list("pk", flat=True)),
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:10]),
        "role": "system_admin",
    }


def _writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del"
            " FROM pg_stat_xact_user_tables"
        )
        return dict(cursor.fetchall())


def _written(before: dict, after: dict) -> set[str]:
    return {table for table, n in after.items() if n != before.get(table, 0)}


def _count_query(excluded: set[str]) -> str:
    """One statement counting the rows of every table outside `excluded`."""
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if not model._meta.proxy and model._meta.managed
        }
        - excluded
    )
    return " UNION ALL ".join(
        f"SELECT '{table}', count(*) FROM {connection.ops.quote_name(table)}"
        for table in tables
    )


def _counts(query: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(query)
        return dict(cursor.fetchall())


def _power(persona_user, *, devices: bool) -> tuple:
    """Who is superuser or staff, any group or permission, the system role grants, the
    system accounts' passwords and township roles, and (unless it is the persona's duty)
    the second-factor devices of everyone else: one statement."""
    system = list(
        SystemRoleGrant.objects.values_list("user_id", flat=True).order_by("user_id")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT
              (SELECT array_agg(id ORDER BY id) FROM auth_user WHERE is_superuser),
              (SELECT array_agg(id ORDER BY id) FROM auth_user WHERE is_staff),
              (SELECT count(*) FROM auth_user_groups),
              (SELECT count(*) FROM auth_user_user_permissions),
              (SELECT array_agg(user_id || ':' || role ORDER BY user_id)
                 FROM committees_systemrolegrant),
              (SELECT array_agg(id || ':' || password || is_active ORDER BY id)
                 FROM auth_user WHERE id = ANY(%(system)s)),
              (SELECT count(*) FROM committees_townshipuserobjectpermission
                 WHERE user_id = ANY(%(system)s)),
              (SELECT count(*) FROM committees_countyuserobjectpermission
                 WHERE user_id = ANY(%(system)s)),
              (SELECT array_agg(id ORDER BY id) FROM otp_totp_totpdevice
                 WHERE %(devices)s AND user_id <> %(me)s),
              (SELECT array_agg(id ORDER BY id) FROM otp_static_staticdevice
                 WHERE %(devices)s AND user_id <> %(me)s)
            """,
            {"system": system, "me": persona_user.pk, "devices": devices},
        )
        return cursor.fetchone()


def _form_data(response) -> dict:
    """The admin form as the page shows it, filled with its initial values."""
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return {}
    form = context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or getattr(field, "disabled", False):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    return data


def _admin_urls(world, persona_user):
    """(url, kind, object) for every registered model admin's pages."""
    User = get_user_model()
    picks = {User: [world.a.clerk, persona_user, world.auditor, world.system_admin]}
    urls = []
    for model in list(admin.site._registry):
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(
            (reverse("admin:{}_{}_changelist".format(*info)), "changelist", None)
        )
        urls.append((reverse("admin:{}_{}_add".format(*info)), "add", None))
        objects = picks.get(model) or [model._base_manager.order_by("pk").first()]
        for obj in objects:
            if obj is None:
                continue
            for kind in ("change", "delete", "history"):
                urls.append(
                    (
                        reverse(f"admin:{info[0]}_{info[1]}_{kind}", args=[obj.pk]),
                        kind,
                        obj,
                    )
                )
            if model is User:
                urls.append(
                    (
                        reverse("admin:auth_user_password_change", args=[obj.pk]),
                        "password",
                        obj,
                    )
                )
            history = getattr(model, "history", None)
            if history is not None:
                row = history.filter(**{model._meta.pk.attname: obj.pk}).first()
                if row is not None:
                    try:
                        urls.append(
                            (
                                reverse(
                                    f"admin:{info[0]}_{info[1]}_simple_history",
                                    args=[obj.pk, row.history_id],
                                ),
                                "revert",
                                obj,
                            )
                        )
                    except NoReverseMatch:
                        pass
    return urls


def _post_data(kind, obj, response, world, n):
    if kind == "changelist":
        return {
            "action": "delete_selected",
            "_selected_action": [] if obj is None else [obj.pk],
            "post": "yes",
            "index": "0",
        }
    if kind in ("delete",):
        return {"post": "yes"}
    if kind == "password":
        return {
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
            "set_usable_password": "true",
        }
    data = _form_data(response) | _power_fields(world)
    if kind == "add":
        data.setdefault("username", f"walk-{n}")
        data |= {
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        }
    return data


# A user's own account pages (password, second factor, recovery codes) are everyone's.
SELF_SERVICE = "/accounts/"
SELF_SERVICE_TABLES = {
    "auth_user",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
    "otp_static_statictoken",
}


class _Rollback(Exception):
    pass


def _is_ns(value) -> bool:
    return isinstance(value, SimpleNamespace)


PERSONAS = ("system_admin", "security_admin", "auditor")


def test_sec6_walk_every_url_as_each_administrator(world):
    """SEC-6: no admin or application URL, GET or POST, lets the system admin, the
    security admin or the auditor write outside its duty, nor gain power; a refused post
    leaves the row count of every table as it was. Each URL is walked by the three from
    the same state (its writes are rolled back after the checks)."""
    # Something for the security admin's pages to act on.
    AccessAttempt.objects.create(
        username="a-clerk",
        ip_address="10.0.0.9",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        user_agent="walk",
    )
    StaticDevice.objects.create(user=world.a.secretary, name="recovery")
    walkers = {}
    for persona in PERSONAS:
        user = getattr(world, persona)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        allowed = DUTY_TABLES[persona]
        devices = persona != "security_admin"
        walkers[persona] = SimpleNamespace(
            user=user,
            client=client,
            allowed=allowed,
            count_query=_count_query(allowed | SELF_SERVICE_TABLES),
            devices=devices,
        )
    failures = []
    walked = 0

    def walk(w, label, url, method, data=None):
        nonlocal walked
        walked += 1
        before = _writes()
        counts = _counts(w.count_query) if method == "post" else None
        power = _power(w.user, devices=w.devices) if method == "post" else None
        if method == "get":
            response = w.client.get(url)
        else:
            response = w.client.post(url, data or {})
        where = f"{w.user.username}: {label} {method.upper()} {url}"
        if response.status_code >= 500:
            failures.append(f"{where}: {response.status_code}")
        may = w.allowed | (
            SELF_SERVICE_TABLES if url.startswith(SELF_SERVICE) else set()
        )
        outside = _written(before, _writes()) - may
        if outside:
            failures.append(f"{where} wrote {sorted(outside)}")
        if counts is not None:
            if response.status_code >= 400:
                changed = {
                    t for t, n in _counts(w.count_query).items() if counts.get(t) != n
                }
                if changed:
                    failures.append(f"{where} refused, yet changed {sorted(changed)}")
            if _power(w.user, devices=w.devices) != power:
                failures.append(f"{where} changed who holds power")
        return response

    def isolated(steps):
        # The matrices cache what they build on `world`: forget it with the rollback.
        namespaces = [world, *(v for v in vars(world).values() if _is_ns(v))]
        known = [set(vars(ns)) for ns in namespaces]
        try:
            with transaction.atomic():
                steps()
                raise _Rollback
        except _Rollback:
            pass
        for ns, keys in zip(namespaces, known, strict=True):
            for key in set(vars(ns)) - keys:
                delattr(ns, key)

    # Every application URL of the permission matrix.
    for name, case in sorted(ENTRIES.items()):
        if name == "logout":
            continue  # the walk goes on logged in

        def app_steps(name=name, case=case):
            url = reverse(name, kwargs=case.kwargs(world))
            data = case.data(world) if case.data else {}
            for w in walkers.values():
                isolated(
                    lambda w=w: (
                        walk(w, name, url, "get"),
                        walk(w, name, url, "post", data),
                    )
                )

        isolated(app_steps)

    # Every admin URL of every registered model.
    for w in walkers.values():
        for n, (url, kind, obj) in enumerate(_admin_urls(world, w.user)):

            def admin_steps(w=w, url=url, kind=kind, obj=obj, n=n):
                response = walk(w, f"admin {kind}", url, "get")
                walk(
                    w,
                    f"admin {kind}",
                    url,
                    "post",
                    _post_data(kind, obj, response, world, n),
                )

            isolated(admin_steps)

    assert not failures, f"{len(failures)} of {walked} requests:\n" + "\n".join(
        failures
    )
    assert walked > 6 * len(ENTRIES)
