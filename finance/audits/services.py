"""FIN-7: economic responsibility audits of the secretary and the township head
(经济责任审计规定 2019 Art 4): the audit and its report, the audited person's written
comments within 10 days of receiving it (审计法 Art 44, through `core.periods`), each
finding with a rectification owner and a due date, the rectification report and its
publication in the column. The clerk records them (finance.roles.STAFF)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from committees import access
from committees.models import Person
from core.errors import refuses_invalid_input
from core.history import save_with_history
from finance.audits import errors
from finance.reports import clock as statements_clock
from finance.statements.models import AuditFinding, EconomicAudit

STAFF = access.TOWNSHIP_STAFF
AUDIT_OWNER = "finance.economic_audit"
SOURCE_LABEL = "经济责任审计整改情况"
# The column's text is Chinese whatever the language of the request that published it.
ROLE_ZH = {
    EconomicAudit.Role.SECRETARY: "党委书记",
    EconomicAudit.Role.TOWNSHIP_HEAD: "乡镇长",
}


def _of_township(person: Person, township_id: int) -> None:
    if person.township_id != township_id:
        raise errors.NotOfTownship(params={"name": person.name})


def _text(value: str, what) -> str:
    value = (value or "").strip()
    if not value:
        raise errors.TextRequired(params={"what": what})
    return value


def _not_before_report(audit: EconomicAudit, day: datetime.date, what) -> None:
    if audit.report_date is None:
        raise errors.ReportNotReceived()
    if day < audit.report_date:
        raise errors.DateBeforeReport(
            params={
                "what": what,
                "day": day.isoformat(),
                "report": audit.report_date.isoformat(),
            }
        )


def _locked(audit: EconomicAudit) -> EconomicAudit:
    return EconomicAudit.objects.select_for_update().get(pk=audit.pk)


@refuses_invalid_input
@transaction.atomic
def economic_audit_record(
    *,
    actor,
    township,
    person: Person,
    role: str,
    period_start: datetime.date,
    period_end: datetime.date,
    auditor: str,
    report_date: datetime.date | None = None,
    report_file=None,
) -> EconomicAudit:
    """FIN-7: an audit of the secretary or the township head over a period of office."""
    access.require_actor(actor, township, STAFF)
    _of_township(person, township.pk)
    if period_end < period_start:
        raise errors.AuditPeriodInvalid(
            params={"start": period_start.isoformat(), "end": period_end.isoformat()}
        )
    audit = EconomicAudit(
        township=township,
        person=person,
        role=role,
        period_start=period_start,
        period_end=period_end,
        auditor=auditor.strip(),
        report_date=report_date,
    )
    if report_file:
        audit.report_file = report_file
    return save_with_history(
        audit, actor=actor, reason="economic audit recorded (FIN-7)"
    )


@refuses_invalid_input
@transaction.atomic
def economic_audit_report_record(
    *, actor, audit: EconomicAudit, report_date: datetime.date, report_file=None
) -> EconomicAudit:
    """FIN-7: the audit report, received by the audited person on `report_date` (the
    day the 10-day comments period starts from)."""
    access.require_actor(actor, audit.township_id, STAFF)
    audit = _locked(audit)
    if audit.comments_received_on:
        raise errors.CommentsAlreadyRecorded()
    audit.report_date = report_date
    if report_file:
        audit.report_file = report_file
    return save_with_history(audit, actor=actor, reason="audit report received")


@refuses_invalid_input
@transaction.atomic
def economic_audit_comments_record(
    *, actor, audit: EconomicAudit, received_on: datetime.date, comments: str
) -> EconomicAudit:
    """FIN-7 / 审计法 Art 44: the audited person's written comments. Comments received
    after the 10 days are recorded and shown late (the selector's `comments_late`)."""
    access.require_actor(actor, audit.township_id, STAFF)
    audit = _locked(audit)
    if audit.comments_received_on:
        raise errors.CommentsAlreadyRecorded()
    _not_before_report(audit, received_on, _("the comments"))
    audit.comments = _text(comments, _("The text of the comments"))
    audit.comments_received_on = received_on
    return save_with_history(audit, actor=actor, reason="written comments received")


@refuses_invalid_input
@transaction.atomic
def audit_finding_add(
    *, actor, audit: EconomicAudit, text: str, owner: Person, due_on: datetime.date
) -> AuditFinding:
    """FIN-7: a finding of the report, with the person who owns its rectification and
    the day it is due."""
    access.require_actor(actor, audit.township_id, STAFF)
    audit = _locked(audit)
    _of_township(owner, audit.township_id)
    _not_before_report(audit, due_on, _("the due date"))
    return save_with_history(
        AuditFinding(
            township_id=audit.township_id,
            audit=audit,
            text=_text(text, _("The finding")),
            owner=owner,
            due_on=due_on,
        ),
        actor=actor,
        reason="audit finding recorded",
    )


@refuses_invalid_input
@transaction.atomic
def audit_finding_close(
    *, actor, finding: AuditFinding, closed_on: datetime.date, note: str
) -> AuditFinding:
    """FIN-7: the finding's rectification done (a close after the due date stays late)."""
    access.require_actor(actor, finding.township_id, STAFF)
    finding = (
        AuditFinding.objects.select_for_update(of=("self",))
        .select_related("audit")
        .get(pk=finding.pk)
    )
    if finding.closed_on:
        raise errors.FindingAlreadyClosed(params={"day": finding.closed_on.isoformat()})
    _not_before_report(finding.audit, closed_on, _("the closing date"))
    finding.closing_note = _text(note, _("The closing note"))
    finding.closed_on = closed_on
    return save_with_history(finding, actor=actor, reason="audit finding closed")


@refuses_invalid_input
@transaction.atomic
def economic_audit_rectification_record(
    *, actor, audit: EconomicAudit, reported_on: datetime.date, text: str
) -> EconomicAudit:
    """FIN-7: the rectification report on the findings."""
    access.require_actor(actor, audit.township_id, STAFF)
    audit = _locked(audit)
    _not_before_report(audit, reported_on, _("the rectification report"))
    audit.rectification_report = _text(text, _("The rectification report"))
    audit.rectification_reported_on = reported_on
    return save_with_history(audit, actor=actor, reason="rectification reported")


@transaction.atomic
def economic_audit_publish(*, actor, audit: EconomicAudit) -> EconomicAudit:
    """FIN-7: the rectification report is published in the column (party affairs),
    through the publishing service; the item is this mechanism's."""
    from disclosure import services as column_services
    from disclosure.models import Category

    access.require_actor(actor, audit.township_id, STAFF)
    audit = (
        EconomicAudit.objects.select_for_update(of=("self",))
        .select_related("township", "person")
        .get(pk=audit.pk)
    )
    if audit.published_on:
        raise errors.AlreadyPublished(params={"day": audit.published_on.isoformat()})
    if not audit.rectification_reported_on:
        raise errors.RectificationMissing()
    column_services.item_publish(
        actor=actor,
        township=audit.township,
        category=Category.PARTY_AFFAIRS,
        title=(
            f"{audit.person.name}同志{ROLE_ZH.get(audit.role, '')}任期经济责任审计整改情况"
        ),
        body=audit.rectification_report,
        source_label=SOURCE_LABEL,
        source_ref=f"finance.economic_audit:{audit.pk}",
        owner=AUDIT_OWNER,
    )
    audit.published_on = statements_clock.today()
    return save_with_history(audit, actor=actor, reason="rectification published")
