"""SEC-1 permission matrix: every URL × persona → expected status. A URL without an entry fails."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.matrix import PERSONAS, persona_user

EXCLUDED_NAMESPACES = {
    "admin"
}  # Django's admin: staff-only by Django itself, tested below


def _collect_entries():
    entries = {}
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            matrix = importlib.import_module(f"tests.{module.name}.url_matrix")
        except ModuleNotFoundError:
            continue
        overlap = set(entries) & set(matrix.ENTRIES)
        assert not overlap, f"URL names listed twice: {overlap}"
        entries.update(matrix.ENTRIES)
    return entries


ENTRIES = _collect_entries()


def _url_names(patterns=None, namespace=""):
    names = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            if pattern.namespace in EXCLUDED_NAMESPACES:
                continue
            names.extend(_url_names(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name"
            names.append(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_matrix_entry():
    """SEC-1: a new URL without an entry in tests/<app>/url_matrix.py fails here."""
    missing = sorted(set(_url_names()) - set(ENTRIES))
    assert not missing, f"URLs without a permission-matrix entry: {missing}"
    stale = sorted(set(ENTRIES) - set(_url_names()))
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


def test_every_entry_covers_every_persona():
    for name, case in ENTRIES.items():
        assert set(case.expect) == set(PERSONAS), name


@pytest.mark.parametrize("url_name", sorted(ENTRIES))
def test_permission_matrix(url_name, world, client):
    """SEC-1: own township per role, another township, another county, system roles, public."""
    case = ENTRIES[url_name]
    url = reverse(url_name, kwargs=case.kwargs(world))
    failures = []
    for persona in PERSONAS:
        client.logout()
        user = persona_user(world, persona)
        if user is not None:
            client.force_login(
                user, backend="django.contrib.auth.backends.ModelBackend"
            )
        data = case.data(world) if case.data else {}
        response = client.post(url, data) if case.method == "post" else client.get(url)
        if response.status_code != case.expect[persona]:
            failures.append(
                f"{persona}: {response.status_code} != {case.expect[persona]}"
            )
    assert not failures, f"{url_name} ({url}): " + "; ".join(failures)


def test_admin_is_staff_only(world, client):
    """SEC-6: township users are not staff; the admin sends them to its login."""
    for user in (world.a.secretary, world.auditor, world.reviewer):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(reverse("admin:index")).status_code == 302
    client.force_login(
        world.system_admin, backend="django.contrib.auth.backends.ModelBackend"
    )
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
