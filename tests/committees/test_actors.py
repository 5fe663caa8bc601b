"""Every write service of the ground floor checks its actor (SEC-1, SEC-6): a rule checked only
in a view is a hole. actor=None is the system (demo data, tasks, fixtures)."""

from __future__ import annotations

import datetime

import pytest

from committees import access, services
from committees.models import County, Membership, Person, RuleSet, Township
from committees.rules import DEFAULT_RULES
from committees.selectors import body_of
from core.errors import NotPermitted

DAY = datetime.date(2026, 11, 1)


def _township_writes(world):
    """(name, call, model whose rows must not grow) for the township-scoped services."""
    township = world.own
    committee = body_of(township, "committee")
    person = Person.objects.filter(township=township).first()
    membership = Membership.objects.filter(township=township).first()
    return {
        "township_settings_update": (
            lambda actor: services.township_settings_update(
                actor=actor, township=township, reason="x", study_report_due_day=9
            ),
            Township,
        ),
        "rule_set_create": (
            lambda actor: services.rule_set_create(
                actor=actor,
                township=township,
                effective_from=DAY,
                thresholds=DEFAULT_RULES,
            ),
            RuleSet,
        ),
        "person_create": (
            lambda actor: services.person_create(
                actor=actor, township=township, name="新人"
            ),
            Person,
        ),
        "membership_add": (
            lambda actor: services.membership_add(
                actor=actor, body=committee, person=person, role="member", start=DAY
            ),
            Membership,
        ),
        "membership_end": (
            lambda actor: services.membership_end(
                actor=actor, membership=membership, end=DAY, reason="x"
            ),
            Membership,
        ),
    }


WHO_MAY = {
    "township_settings_update": {"secretary"},
    "rule_set_create": {"secretary"},
    "person_create": {"secretary", "clerk"},
    "membership_add": {"secretary", "clerk"},
    "membership_end": {"secretary", "clerk"},
}


OTHERS = ("clerk", "member", "cadre", "outsider", "reviewer", "system_admin", "auditor")


@pytest.mark.parametrize(
    ("service", "who"),
    [(s, w) for s in sorted(WHO_MAY) for w in OTHERS if w not in WHO_MAY[s]],
)
def test_sec1_township_writes_check_their_actor(world, service, who):
    """SEC-1/SEC-6: only the township's staff (the secretary for rules and settings) write
    its organisation; everyone else is refused by the service itself, nothing written."""
    actor = {
        "clerk": world.a.clerk,
        "member": world.a.member,
        "cadre": world.a.cadre,
        "outsider": world.b.secretary,
        "reviewer": world.reviewer,
        "system_admin": world.system_admin,
        "auditor": world.auditor,
    }[who]
    call, model = _township_writes(world)[service]
    before = model.history.count()
    with pytest.raises(NotPermitted):
        call(actor)
    assert model.history.count() == before


@pytest.mark.parametrize("service", sorted(WHO_MAY))
def test_sec1_township_writes_are_open_to_their_staff(world, service):
    call, model = _township_writes(world)[service]
    before = model.history.count()
    call(world.a.secretary)
    assert model.history.count() > before


def test_sec6_organisation_and_grants_are_the_system_admins(world):
    """SEC-6: counties, townships and role grants: the system admin (or the system)."""
    for actor in (
        world.a.secretary,
        world.reviewer,
        world.auditor,
        world.security_admin,
    ):
        with pytest.raises(NotPermitted):
            services.county_create(actor=actor, name="另一县")
        with pytest.raises(NotPermitted):
            services.township_create(
                actor=actor, county=world.county, name="新镇", slug="xinzhen"
            )
        with pytest.raises(NotPermitted):
            services.role_grant(
                actor=actor,
                user=world.nobody,
                township=world.own,
                role=access.Role.CLERK,
            )
        with pytest.raises(NotPermitted):
            services.role_revoke(
                actor=actor,
                user=world.a.clerk,
                township=world.own,
                role=access.Role.CLERK,
            )
        with pytest.raises(NotPermitted):
            services.county_reviewer_grant(
                actor=actor, user=world.nobody, county=world.county
            )
    assert not County.objects.filter(name="另一县").exists()
    assert not access.has_role(world.nobody, world.own)
    assert access.has_role(world.a.clerk, world.own, {access.Role.CLERK})
    township = services.township_create(
        actor=world.system_admin, county=world.county, name="新镇", slug="xinzhen"
    )
    assert RuleSet.objects.filter(township=township).count() == 1
    services.role_grant(
        actor=world.system_admin, user=world.nobody, township=township, role="clerk"
    )
    assert access.has_role(world.nobody, township, {access.Role.CLERK})
