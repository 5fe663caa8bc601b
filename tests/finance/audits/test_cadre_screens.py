"""FIN-7 (经济责任审计规定 Art 52): a person's open audit findings show on the cadre
roster and on the appointment case page; closed ones do not."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from finance import selectors as finance_selectors
from finance.audits import services
from finance.models import EconomicAudit
from tests.cadres.appointments import factories as af

pytestmark = pytest.mark.django_db


def _finding(world, audited, owner, text="村级资金未及时拨付"):
    audit = services.economic_audit_record(
        actor=world.a.clerk,
        township=world.own,
        person=audited,
        role=EconomicAudit.Role.TOWNSHIP_HEAD,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        auditor="县审计局",
        report_date=datetime.date(2026, 4, 10),
    )
    return services.audit_finding_add(
        actor=world.a.clerk,
        audit=audit,
        text=text,
        owner=owner,
        due_on=datetime.date(2026, 12, 31),
    )


def test_fin7_open_findings_by_person_counts_each_finding_once(world):
    head, clerk_person, other = (af.person(world.own) for _ in range(3))
    _finding(world, head, head)  # owned by the audited person: once
    _finding(world, head, clerk_person)  # the audited person and the owner
    closed = _finding(world, clerk_person, clerk_person)
    services.audit_finding_close(
        actor=world.a.clerk,
        finding=closed,
        closed_on=datetime.date(2026, 5, 1),
        note="已整改",
    )
    people = [head, clerk_person, other]
    with CaptureQueriesContext(connection) as queries:
        counts = finance_selectors.open_findings_by_person(people)
    assert len(queries) == 2
    assert counts == {head.pk: 2, clerk_person.pk: 1, other.pk: 0}
    for person in people:
        assert counts[person.pk] == (
            finance_selectors.audit_findings_of(person, open_only=True).count()
        )


def test_fin7_open_findings_on_the_roster_and_the_appointment_case(world, client):
    case = af.open_case(world)
    _finding(world, case.person, case.person, text="专项资金挪用问题未整改到位")
    client.force_login(world.a.secretary)
    page = client.get(reverse("appointments:case", args=[world.own.slug, case.pk]))
    assert page.status_code == 200
    assert "专项资金挪用问题未整改到位" in page.content.decode()
    assert 'id="audit-findings"' in page.content.decode()
    roster = client.get(reverse("cadres:roster", args=[world.own.slug]))
    assert '<span class="badge warn">1</span>' in roster.content.decode()
