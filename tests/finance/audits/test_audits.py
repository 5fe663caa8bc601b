"""FIN-7: economic responsibility audits of the secretary and the township head — the
report, the audited person's written comments within 10 days (审计法 Art 44, the period
engine), findings with an owner and a due date, the rectification report and its
publication; overdue flagged; `audit_findings_of` for the cadre's screens."""

from __future__ import annotations

import datetime

import pytest

from committees import services as org_services
from committees.models import HolidayCorrection
from core.errors import NotPermitted, RecordInvalid
from disclosure.models import Category, Item
from finance.audits import errors, selectors, services
from finance.models import EconomicAudit
from tests.finance.reports.factories import moment, on

pytestmark = pytest.mark.django_db
Y = 2026


@pytest.fixture
def head(world):
    return org_services.person_create(actor=None, township=world.own, name="王镇长")


@pytest.fixture
def owner(world):
    return org_services.person_create(actor=None, township=world.own, name="李会计")


def _audit(world, person, report_date=datetime.date(Y, 3, 2)):
    return services.economic_audit_record(
        actor=world.a.clerk,
        township=world.own,
        person=person,
        role=EconomicAudit.Role.TOWNSHIP_HEAD,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        auditor="县审计局",
        report_date=report_date,
    )


def test_fin7_audit_recorded_with_its_history(world, head):
    audit = _audit(world, head)
    assert audit.history.filter(
        history_change_reason="economic audit recorded (FIN-7)"
    ).exists()
    assert audit.township == world.own


def test_fin7_period_reversed_refused_nothing_saved(world, head, english):
    with pytest.raises(errors.AuditPeriodInvalid) as refused:
        services.economic_audit_record(
            actor=world.a.clerk,
            township=world.own,
            person=head,
            role=EconomicAudit.Role.SECRETARY,
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            auditor="县审计局",
        )
    assert str(refused.value) == (
        "FIN-7: the period an audit covers ends after it begins "
        "(2025-01-01 – 2024-12-31)."
    )
    assert not EconomicAudit.objects.exists()


def test_fin7_only_staff_record_and_persons_of_the_township(world, head):
    for user in (world.a.member, world.a.cadre, world.b.clerk, world.reviewer):
        with pytest.raises(NotPermitted):
            services.economic_audit_record(
                actor=user,
                township=world.own,
                person=head,
                role=EconomicAudit.Role.SECRETARY,
                period_start=datetime.date(2024, 1, 1),
                period_end=datetime.date(2024, 12, 31),
                auditor="县审计局",
            )
    stranger = org_services.person_create(actor=None, township=world.other, name="外人")
    with pytest.raises(errors.NotOfTownship):
        _audit(world, stranger)
    with pytest.raises(RecordInvalid):  # an unknown role is bad input (SEC-3)
        services.economic_audit_record(
            actor=world.a.clerk,
            township=world.own,
            person=head,
            role="mayor",
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            auditor="县审计局",
        )
    assert not EconomicAudit.objects.exists()


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (datetime.date(Y, 3, 12), False),  # day 10 after 2 March: the last day
        (datetime.date(Y, 3, 13), True),
    ],
)
def test_fin7_comments_within_ten_days_of_the_report(world, head, today, overdue):
    audit = _audit(world, head)  # report received Monday 2 March 2026
    state = selectors.audit_state(audit, now=moment(today))
    assert state.comments_period.last_day == datetime.date(Y, 3, 12)
    assert state.comments_overdue is overdue
    assert "审计法第四十四条" in state.basis


def test_fin7_a_last_day_off_moves_to_the_next_working_day(world, head):
    # Received Thursday 5 March: day 10 is Sunday 15 March, moved to Monday 16 March.
    audit = _audit(world, head, report_date=datetime.date(Y, 3, 5))
    period = selectors.audit_state(audit).comments_period
    assert period.last_day == datetime.date(Y, 3, 16) and period.moved_for_day_off
    # The county declares Monday 16 March a day off: the end moves again.
    HolidayCorrection.objects.create(
        county=world.own.county, date=datetime.date(Y, 3, 16), is_working_day=False
    )
    audit.refresh_from_db()
    assert selectors.audit_state(audit).comments_period.last_day == datetime.date(
        Y, 3, 17
    )


def test_fin7_late_comments_are_recorded_and_shown_late(world, head, english):
    audit = _audit(world, head)
    with pytest.raises(errors.DateBeforeReport):
        services.economic_audit_comments_record(
            actor=world.a.clerk,
            audit=audit,
            received_on=datetime.date(Y, 3, 1),
            comments="无异议",
        )
    with pytest.raises(errors.TextRequired):
        services.economic_audit_comments_record(
            actor=world.a.clerk,
            audit=audit,
            received_on=datetime.date(Y, 3, 5),
            comments="  ",
        )
    audit = services.economic_audit_comments_record(
        actor=world.a.clerk,
        audit=audit,
        received_on=datetime.date(Y, 3, 13),
        comments="对第二项问题有不同意见",
    )
    state = selectors.audit_state(audit, now=moment(datetime.date(Y, 4, 1)))
    assert state.comments_late and not state.comments_overdue
    with pytest.raises(errors.CommentsAlreadyRecorded):
        services.economic_audit_comments_record(
            actor=world.a.clerk,
            audit=audit,
            received_on=datetime.date(Y, 3, 14),
            comments="补充",
        )


def test_fin7_no_comments_before_a_report(world, head):
    audit = _audit(world, head, report_date=None)
    assert selectors.audit_state(audit).comments_period is None
    with pytest.raises(errors.ReportNotReceived):
        services.economic_audit_comments_record(
            actor=world.a.clerk,
            audit=audit,
            received_on=datetime.date(Y, 3, 5),
            comments="无",
        )
    audit = services.economic_audit_report_record(
        actor=world.a.clerk, audit=audit, report_date=datetime.date(Y, 3, 2)
    )
    assert selectors.audit_state(audit).comments_period.last_day == datetime.date(
        Y, 3, 12
    )


def test_fin7_findings_with_owner_and_due_date_overdue_flagged(world, head, owner):
    audit = _audit(world, head)
    early = services.audit_finding_add(
        actor=world.a.clerk,
        audit=audit,
        text="专项资金未按规定用途使用",
        owner=owner,
        due_on=datetime.date(Y, 5, 31),
    )
    late = services.audit_finding_add(
        actor=world.a.clerk,
        audit=audit,
        text="固定资产未及时入账",
        owner=head,
        due_on=datetime.date(Y, 4, 30),
    )
    with pytest.raises(errors.DateBeforeReport):
        services.audit_finding_add(
            actor=world.a.clerk,
            audit=audit,
            text="x",
            owner=owner,
            due_on=datetime.date(Y, 3, 1),
        )
    services.audit_finding_close(
        actor=world.a.clerk,
        finding=early,
        closed_on=datetime.date(Y, 5, 20),
        note="已归垫资金",
    )
    state = selectors.audit_state(audit, now=moment(datetime.date(Y, 5, 25)))
    assert [f.pk for f in state.open_findings] == [late.pk]
    assert [f.pk for f in state.overdue_findings] == [late.pk]
    late = services.audit_finding_close(
        actor=world.a.clerk,
        finding=late,
        closed_on=datetime.date(Y, 5, 26),
        note="已入账",
    )
    state = selectors.audit_state(audit, now=moment(datetime.date(Y, 6, 1)))
    assert state.open_findings == [] and [f.pk for f in state.overdue_findings] == [
        late.pk
    ]  # a late close stays late
    with pytest.raises(errors.FindingAlreadyClosed):
        services.audit_finding_close(
            actor=world.a.clerk,
            finding=late,
            closed_on=datetime.date(Y, 6, 1),
            note="x",
        )


def test_fin7_audit_findings_of_a_person_for_the_cadre_screens(world, head, owner):
    audit = _audit(world, head)
    own = services.audit_finding_add(
        actor=world.a.clerk,
        audit=audit,
        text="债务底数不清",
        owner=head,
        due_on=datetime.date(Y, 6, 30),
    )
    delegated = services.audit_finding_add(
        actor=world.a.clerk,
        audit=audit,
        text="往来款长期挂账",
        owner=owner,
        due_on=datetime.date(Y, 4, 30),
    )
    # The audited person answers for every finding of the audit; the owner for theirs.
    assert list(selectors.audit_findings_of(head)) == [delegated, own]
    assert list(selectors.audit_findings_of(owner)) == [delegated]
    services.audit_finding_close(
        actor=world.a.clerk,
        finding=delegated,
        closed_on=datetime.date(Y, 4, 1),
        note="已清理",
    )
    assert list(selectors.audit_findings_of(head, open_only=True)) == [own]
    assert list(selectors.audit_findings_of(owner, open_only=True)) == []


def test_fin7_rectification_report_then_published_in_the_column(world, head, english):
    audit = _audit(world, head)
    with pytest.raises(errors.RectificationMissing):
        services.economic_audit_publish(actor=world.a.clerk, audit=audit)
    audit = services.economic_audit_rectification_record(
        actor=world.a.clerk,
        audit=audit,
        reported_on=datetime.date(Y, 6, 1),
        text="审计发现的两项问题已全部整改完毕。",
    )
    with on(datetime.date(Y, 6, 5)):
        audit = services.economic_audit_publish(actor=world.a.clerk, audit=audit)
    assert audit.published_on == datetime.date(Y, 6, 5)
    item = Item.objects.get()
    assert item.category == Category.PARTY_AFFAIRS
    assert item.owner == services.AUDIT_OWNER
    assert item.title == "王镇长同志乡镇长任期经济责任审计整改情况"
    assert item.body == "审计发现的两项问题已全部整改完毕。"
    with pytest.raises(errors.AlreadyPublished):
        services.economic_audit_publish(actor=world.a.clerk, audit=audit)
    assert Item.objects.count() == 1


def test_fin7_overdue_comments_and_findings_flagged_on_the_secretarys_home(
    world, head, owner, client
):
    audit = _audit(world, head)  # comments due 12 March
    services.audit_finding_add(
        actor=world.a.clerk,
        audit=audit,
        text="资产未入账",
        owner=owner,
        due_on=datetime.date(Y, 4, 30),
    )
    client.force_login(world.a.secretary)
    from django.urls import reverse

    with on(datetime.date(Y, 5, 6)):
        page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "经济责任审计：书面意见逾期1项，审计发现问题逾期未整改1项" in (
        page.content.decode()
    )
