"""FIN-7, FIN-8 through the pages (thin views over the services): a clerk records an audit,
its report, a finding and closes it; the final accounts' approval and filing; a refusal is
shown as a message, nothing written."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from finance.models import AuditFinding, EconomicAudit, FinalAccounts
from tests.finance.reports import factories as rf
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db


def test_fin7_an_audit_recorded_through_the_pages(world, client):
    client.force_login(world.a.clerk)
    head = world.a.secretary.person
    response = client.post(
        reverse("finance:audits", args=[world.own.slug]),
        {
            "person": head.pk,
            "role": "secretary",
            "period_start": "2022-01-01",
            "period_end": "2025-12-31",
            "auditor": "县审计局",
        },
    )
    audit = EconomicAudit.objects.get()
    assert response.status_code == 302
    base = [world.own.slug, audit.pk]
    client.post(
        reverse("finance:audit_report", args=base), {"report_date": "2026-03-02"}
    )
    client.post(
        reverse("finance:finding_add", args=base),
        {
            "finding-text": "往来款挂账",
            "finding-owner": head.pk,
            "finding-due_on": "2026-06-30",
        },
    )
    finding = AuditFinding.objects.get()
    page = client.post(
        reverse("finance:finding_close", args=[*base, finding.pk]),
        {
            f"close-{finding.pk}-closed_on": "2026-03-01",
            f"close-{finding.pk}-note": "已清理",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "不得早于收到审计报告的日期" in page.content.decode()
    finding.refresh_from_db()
    assert finding.closed_on is None  # refused: nothing written
    client.post(
        reverse("finance:finding_close", args=[*base, finding.pk]),
        {
            f"close-{finding.pk}-closed_on": "2026-05-01",
            f"close-{finding.pk}-note": "已清理",
        },
    )
    finding.refresh_from_db()
    assert finding.closed_on == datetime.date(2026, 5, 1)
    page = client.get(
        reverse("finance:audit", args=base), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "审计法第四十四条" in page.content.decode()  # the period's article printed
    client.post(
        reverse("finance:finding_add", args=base),
        {
            "finding-text": "票据不全",
            "finding-owner": head.pk,
            "finding-due_on": "2026-07-31",
        },
    )
    client.post(
        reverse("finance:finding_add", args=base),
        {
            "finding-text": "台账缺页",
            "finding-owner": head.pk,
            "finding-due_on": "2026-08-31",
        },
    )
    html = client.get(reverse("finance:audit", args=base)).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), (
        "two open findings, the finding and the rectification forms: every id once"
    )


def test_fin8_final_accounts_through_the_pages(world, client):
    town = mf.town_of(world)
    rf.year_with_entries(town, 2025)
    client.force_login(world.a.clerk)
    with rf.on(datetime.date(2026, 1, 5)):
        client.post(
            reverse("finance:final_accounts", args=[world.own.slug]), {"year": 2025}
        )
    accounts = FinalAccounts.objects.get()
    client.force_login(world.a.clerk)  # SEC-2: the January session has idled out
    base = [world.own.slug, accounts.pk]
    client.post(
        reverse("finance:final_accounts_approval", args=base),
        {
            "approved_on": "2026-03-02",
            "session": "第二十届人民代表大会第六次会议",
            "resolution": "人大决〔2026〕3号",
        },
    )
    client.post(
        reverse("finance:final_accounts_filing", args=base), {"filed_on": "2026-03-10"}
    )
    accounts.refresh_from_db()
    assert accounts.congress_approved_on == datetime.date(2026, 3, 2)
    assert accounts.filed_on == datetime.date(2026, 3, 10)
    with rf.on(datetime.date(2026, 3, 11)):
        client.force_login(world.a.clerk)
        page = client.get(
            reverse("finance:final_accounts_detail", args=base),
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        ).content.decode()
    assert "三十日内报县级政府备案" in page and "预算法第十四条" in page
    assert "50,000.10" in page  # 行政运行, the year's actual


def test_fin7_a_refused_or_invalid_form_is_shown_again_as_typed(world, client):
    """Bad input loses nothing: a finding sent without its owner comes back on the audit's
    page (400) with what was typed and the fields marked; nothing is written. A closing
    the service refuses (dated before the audit report) keeps its typed note too."""
    from finance.audits import services

    audit = services.economic_audit_record(
        actor=None,
        township=world.own,
        person=world.a.secretary.person,
        role="secretary",
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        auditor="县审计局",
        report_date=datetime.date(2026, 3, 2),
    )
    client.force_login(world.a.clerk)
    base = [world.own.slug, audit.pk]
    page = client.post(
        reverse("finance:finding_add", args=base),
        {"finding-text": "往来款长期挂账未清理", "finding-due_on": "2026-06-30"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    assert "往来款长期挂账未清理" in page.content.decode()  # what was typed is kept
    assert not AuditFinding.objects.exists()
    finding = services.audit_finding_add(
        actor=None,
        audit=audit,
        text="票据不全",
        owner=world.a.secretary.person,
        due_on=datetime.date(2026, 6, 30),
    )
    page = client.post(
        reverse("finance:finding_close", args=[*base, finding.pk]),
        {
            f"close-{finding.pk}-closed_on": "2026-03-01",
            f"close-{finding.pk}-note": "已补齐原始票据",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "不得早于收到审计报告的日期" in html and "已补齐原始票据" in html
    finding.refresh_from_db()
    assert finding.closed_on is None
