"""The statements' demo (FIN-2, FIN-7, FIN-8): on the money demo's year, Q1 and Q2 heard on
time and published, Q3 missed; last year's final accounts on time; an audit with a finding."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from committees import access
from disclosure.models import Category, Item
from finance import demo as money_demo
from finance.accounts import selectors as accounts_selectors
from finance.audits import selectors as audit_selectors
from finance.models import EconomicAudit, FinalAccounts, QuarterlyReport
from finance.reports import demo, figures, selectors

pytestmark = pytest.mark.django_db
day = datetime.date


def _users(world):
    return {access.Role(role): getattr(world.a, role) for role in vars(world.a)}


def test_fin2_fin7_fin8_the_demo_tells_the_statements_story(world):
    with time_machine.travel(
        timezone.make_aware(datetime.datetime(2026, 12, 1, 10, 0)), tick=True
    ):
        money_demo.build(world.own, _users(world))
        demo.build(world.own, _users(world))
        demo.build(world.own, _users(world))  # idempotent
        states = {s.quarter: s for s in selectors.quarter_states(world.own, 2026)}
        found = figures.quarters_without_report_by_township(
            [world.own], day(2026, 1, 1), day(2026, 11, 30)
        )[world.own.pk]
        accounts = FinalAccounts.objects.get(township=world.own, year=2025)
        accounts_state = accounts_selectors.accounts_state(accounts)
        audit = EconomicAudit.objects.get(township=world.own)
        audit_state = audit_selectors.audit_state(audit)
    assert QuarterlyReport.objects.filter(township=world.own).count() == 3
    assert states[1].decided_on == day(2026, 4, 24) and not states[1].gap
    assert states[2].decided_on == day(2026, 7, 24) and not states[2].gap
    assert states[3].report.status == QuarterlyReport.Status.GENERATED
    assert states[3].gap and states[3].decided_on is None
    assert states[1].report.generated_at.date() == day(2026, 4, 3)
    assert states[1].report.pdf and states[1].report.xlsx
    assert (found.value, found.records) == (1, [3])
    summaries = Item.objects.filter(township=world.own, category=Category.PROJECT_FUNDS)
    assert summaries.filter(title__contains="季度财政收支情况").count() == 2
    assert summaries.filter(title="南岗镇2025年决算").exists()
    assert accounts_state.filing.done_on == day(2026, 3, 20)
    assert not accounts_state.filing.late and not accounts_state.publication.late
    assert not audit_state.comments_late and not audit_state.comments_overdue
    assert len(audit_state.open_findings) == 1
    assert list(audit_selectors.audit_findings_of(audit.person, open_only=True))
