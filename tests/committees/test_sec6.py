"""SEC-6: the separation of the three administrators holds — in the one service that grants
system roles, at the database, in the admin and on the server."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from committees import access, services
from committees.errors import (
    SelfAdministration,
    SystemAccountHoldsNoRole,
    SystemAccountManagedOnServer,
    SystemRoleGrantedOnServer,
    SystemRolesExclusive,
    TownshipUserGetsNoSystemRole,
)
from committees.models import AdminAction, SystemRoleGrant
from core.errors import NotPermitted
from tests.committees.factories import UserFactory

PASSWORD = "Zx-Strong-pass-2026!"


def test_sec6_system_roles_are_mutually_exclusive_in_the_service(world):
    """SEC-6: a second system role is refused by the service, whoever asks."""
    for user, role in (
        (world.system_admin, "auditor"),
        (world.auditor, "security_admin"),
        (world.security_admin, "system_admin"),
    ):
        with pytest.raises(SystemRolesExclusive):
            services.system_role_grant(actor=None, user=user, role=role, reason="x")
        assert access.system_roles(user) == {access.SystemRole(user.username)}
    assert SystemRoleGrant.objects.count() == 3


def test_sec6_the_database_refuses_a_second_system_role(world):
    """SEC-6: behind the service's back, the unique user of SystemRoleGrant holds."""
    with pytest.raises(IntegrityError), transaction.atomic():
        SystemRoleGrant.objects.create(
            user=world.system_admin, role="auditor", reason="behind the app's back"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SystemRoleGrant.objects.create(
            user=UserFactory(username="x"), role="root", reason="unknown role"
        )


def test_sec6_system_roles_are_granted_on_the_server_only(world):
    """SEC-6: the system admin grants no system role (it could make a puppet auditor)."""
    newcomer = UserFactory(username="newcomer")
    for actor in (world.system_admin, world.security_admin, world.auditor):
        with pytest.raises(SystemRoleGrantedOnServer):
            services.system_role_grant(
                actor=actor, user=newcomer, role="auditor", reason="x"
            )
        with pytest.raises(SystemRoleGrantedOnServer):
            services.system_role_revoke(actor=actor, user=world.auditor, reason="x")
    assert access.system_roles(newcomer) == frozenset()


def test_sec6_nobody_grants_or_revokes_a_role_to_themselves(world):
    """SEC-6: self-grants are a domain error (a superuser's too)."""
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    with pytest.raises(SelfAdministration):
        services.system_role_grant(actor=boss, user=boss, role="auditor", reason="x")
    with pytest.raises(SelfAdministration):
        services.role_grant(
            actor=world.system_admin,
            user=world.system_admin,
            township=world.own,
            role=access.Role.SECRETARY,
        )
    with pytest.raises(SelfAdministration):
        services.county_reviewer_grant(
            actor=world.system_admin, user=world.system_admin, county=world.county
        )
    with pytest.raises(SelfAdministration):
        services.account_password_set(
            actor=world.system_admin, user=world.system_admin, password=PASSWORD
        )
    assert access.township_roles(world.system_admin) == {}


def test_sec6_system_and_township_roles_exclude_each_other(world):
    """SEC-6: a system account holds no township role; a township user no system role."""
    with pytest.raises(SystemAccountHoldsNoRole):
        services.role_grant(
            actor=None,
            user=world.auditor,
            township=world.own,
            role=access.Role.SECRETARY,
        )
    for user in (world.a.clerk, world.reviewer):
        with pytest.raises(TownshipUserGetsNoSystemRole):
            services.system_role_grant(
                actor=None, user=user, role="security_admin", reason="x"
            )
    with pytest.raises(TownshipUserGetsNoSystemRole):
        services.superuser_grant(user=world.a.secretary, reason="x", operator="root")


def test_sec6_system_admin_manages_others_accounts_not_system_accounts(world):
    """SEC-6: accounts of others, yes; its own and the other administrators', no."""
    created = services.account_create(
        actor=world.system_admin, username="new-clerk", password=PASSWORD
    )
    assert not (created.is_staff or created.is_superuser)
    services.account_update(actor=world.system_admin, user=created, is_active=False)
    created.refresh_from_db()
    assert not created.is_active
    services.account_password_set(
        actor=world.system_admin, user=world.a.clerk, password=PASSWORD
    )
    world.a.clerk.refresh_from_db()
    assert world.a.clerk.check_password(PASSWORD)
    for target in (world.auditor, world.security_admin):
        with pytest.raises(SystemAccountManagedOnServer):
            services.account_password_set(
                actor=world.system_admin, user=target, password=PASSWORD
            )
        with pytest.raises(SystemAccountManagedOnServer):
            services.account_update(
                actor=world.system_admin, user=target, is_active=False
            )
    with pytest.raises(NotPermitted):  # nothing that grants power
        services.account_update(
            actor=world.system_admin, user=world.a.clerk, is_superuser=True
        )
    for actor in (world.security_admin, world.auditor, world.a.secretary):
        with pytest.raises(NotPermitted):
            services.account_password_set(
                actor=actor, user=world.a.clerk, password=PASSWORD
            )
    actions = AdminAction.objects.filter(actor=world.system_admin)
    assert set(actions.values_list("action", flat=True)) == {
        "account_created",
        "account_changed",
        "password_reset",
    }


def test_sec6_grant_superuser_command_is_the_only_way_and_is_logged(world, caplog):
    """SEC-6: `manage.py grant_superuser` sets is_superuser, with a reason, logged."""
    target = UserFactory(username="break-glass")
    with pytest.raises(CommandError):
        call_command("grant_superuser", "break-glass", "--reason", " ")
    with caplog.at_level("WARNING", logger="security"):
        call_command("grant_superuser", "break-glass", "--reason", "county order 7")
    target.refresh_from_db()
    assert target.is_superuser and target.is_staff
    assert "break-glass" in caplog.text and "county order 7" in caplog.text
    line = AdminAction.objects.get(action="superuser_granted")
    assert line.target == "break-glass" and line.actor_name.startswith("server:")
    assert line.detail["reason"] == "county order 7"
    call_command("grant_superuser", "break-glass", "--reason", "done", "--revoke")
    target.refresh_from_db()
    assert not target.is_superuser and not target.is_staff


def test_sec6_system_role_command(world):
    """SEC-6: system roles are granted on the server, recorded in the trail."""
    UserFactory(username="second-auditor")
    call_command(
        "system_role", "grant", "second-auditor", "auditor", "--reason", "rota"
    )
    with pytest.raises(CommandError):
        call_command(
            "system_role", "grant", "second-auditor", "system_admin", "--reason", "x"
        )
    line = AdminAction.objects.get(
        action="system_role_granted", target="second-auditor"
    )
    assert line.actor_role == "server"
    call_command("system_role", "revoke", "second-auditor", "--reason", "rota ends")
    assert not SystemRoleGrant.objects.filter(user__username="second-auditor").exists()


def test_sec6_user_admin_never_shows_power_fields(world, login):
    """SEC-6: the user admin shows no is_superuser, is_staff, groups, permissions, and a
    POST of them changes nothing."""
    client = login(world.system_admin)
    url = reverse("admin:auth_user_change", args=[world.a.clerk.pk])
    page = client.get(url).content.decode()
    for name in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{name}"' not in page
    group = Group.objects.create(name="power")
    response = client.post(
        url,
        {
            "username": "a-clerk",
            "first_name": "改名",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [group.pk],
            "user_permissions": list(
                Permission.objects.values_list("pk", flat=True)[:20]
            ),
        },
    )
    assert response.status_code == 302
    world.a.clerk.refresh_from_db()
    assert world.a.clerk.first_name == "改名"
    assert not (world.a.clerk.is_superuser or world.a.clerk.is_staff)
    assert not world.a.clerk.groups.exists()
    assert not world.a.clerk.user_permissions.exists()


def test_sec6_no_own_password_or_account_through_admin(world, login):
    """SEC-6: the system admin's own account and password, and the auditor's, are closed
    to it in the admin."""
    client = login(world.system_admin)
    for user in (world.system_admin, world.auditor):
        before = user.password
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        assert client.get(url).status_code == 403
        response = client.post(
            url,
            {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"},
        )
        assert response.status_code == 403
        user.refresh_from_db()
        assert user.password == before


def test_sec6_admin_grants_go_through_the_service(world, login):
    """SEC-6: a township role granted in the admin is the service's (no self-grant)."""
    client = login(world.system_admin)
    url = reverse("admin:committees_townshipuserobjectpermission_add")
    response = client.post(
        url,
        {
            "user": world.system_admin.pk,
            "content_object": world.own.pk,
            "role": "secretary",
        },
        follow=True,
    )
    with translation.override("zh-hans"):
        refusal = str(SelfAdministration())
    assert refusal in [str(m) for m in response.context["messages"]]
    assert access.township_roles(world.system_admin) == {}
    newcomer = UserFactory(username="newcomer")
    response = client.post(
        url, {"user": newcomer.pk, "content_object": world.own.pk, "role": "clerk"}
    )
    assert response.status_code == 302
    access.forget_roles(newcomer)
    assert access.roles_in(newcomer, world.own) == {access.Role.CLERK}
    assert AdminAction.objects.filter(
        action="role_granted", target="newcomer", actor=world.system_admin
    ).exists()


def test_sec6_admin_site_requires_a_second_factor(world, password_login):
    """SEC-6/SEC-2: the system admin without a verified second factor is sent to log in."""
    client = password_login(world.system_admin)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 302


def test_sec6_trail_is_read_by_the_auditor_and_its_reads_by_the_security_admin(
    world, login
):
    """SEC-6: the auditor reads the trail (filtered, paginated); its reads are recorded,
    and the security admin reads them."""
    services.account_password_set(
        actor=world.system_admin, user=world.a.clerk, password=PASSWORD
    )
    client = login(world.auditor)
    response = client.get(
        reverse("committees:trail"), {"action": "password_reset", "page": "1"}
    )
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [row.target for row in rows] == ["a-clerk"]
    assert client.get(reverse("committees:trail_reads")).status_code == 404
    read = AdminAction.objects.get(action="trail_read", actor=world.auditor)
    assert read.detail["query"]["action"] == "password_reset"
    assert client.get(reverse("committees:trail"), {"since": "x"}).status_code == 200

    client = login(world.security_admin)
    response = client.get(reverse("committees:trail_reads"))
    assert response.status_code == 200
    assert [r.actor_name for r in response.context["page"].object_list] == [
        "auditor",
        "auditor",
    ]
    assert client.get(reverse("committees:trail")).status_code == 404
