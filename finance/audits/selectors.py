"""Reads of the economic responsibility audits (FIN-7): the audits of a township, one
audit's state (the comments period through `core.periods`, overdue findings), and the
findings of a person — what the cadre's dossier, the person's page and the appointment
case screens show (经济责任审计规定 Art 52: the results are used in the cadre's
assessment and appointment).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from committees import access
from committees.selectors import work_calendar
from finance import roles as finance_roles
from finance import rules
from finance.statements.models import AuditFinding, EconomicAudit

READERS = finance_roles.READERS
COMMENTS_BASIS = rules.AUDIT_COMMENTS.basis
FINDING_BASIS = "经济责任审计规定第四十八条、第五十二条：被审计领导干部对审计发现的问题负责整改，整改情况纳入考核、任免参考"


def audits_of(township) -> QuerySet[EconomicAudit]:
    return (
        EconomicAudit.objects.filter(township=township)
        .select_related("person")
        .prefetch_related("findings__owner")
    )


def audit_for_user(user, pk: int, township=None, roles=READERS) -> EconomicAudit:
    return access.governed_or_404(
        EconomicAudit.objects.select_related("person", "township__county"),
        user,
        pk,
        township=township,
        roles=roles,
    )


def finding_for_user(user, pk: int, township=None, roles=READERS) -> AuditFinding:
    return access.governed_or_404(
        AuditFinding.objects.select_related("audit", "owner"),
        user,
        pk,
        township=township,
        roles=roles,
    )


def audit_findings_of(person, *, open_only: bool = False) -> QuerySet[AuditFinding]:
    """FIN-7: the findings whose rectification `person` owns or that an audit of
    `person` made, oldest due first; `open_only`: those not yet closed. (The cadre's
    dossier, the person's page and the appointment case screens read this.)"""
    from django.db.models import Q

    found = AuditFinding.objects.filter(
        Q(owner=person) | Q(audit__person=person)
    ).select_related("audit__person", "owner")
    if open_only:
        found = found.filter(closed_on__isnull=True)
    return found.order_by("due_on", "id")


def finding_overdue(finding: AuditFinding, today: datetime.date) -> bool:
    """FIN-7: open after its due date, or closed after it (a late close stays late)."""
    if finding.closed_on is not None:
        return finding.closed_on > finding.due_on
    return today > finding.due_on


@dataclass(frozen=True)
class AuditState:
    audit: EconomicAudit
    comments_period: object  # core.periods.Period or None (no report yet)
    comments_overdue: bool
    comments_late: bool
    findings: list
    overdue_findings: list
    open_findings: list

    @property
    def basis(self) -> str:
        return COMMENTS_BASIS


def audit_state(audit: EconomicAudit, now=None, calendar=None) -> AuditState:
    today = timezone.localdate(now) if now else timezone.localdate()
    period = None
    overdue = late = False
    if audit.report_date:
        calendar = calendar or work_calendar(audit.township.county_id)
        period = rules.audit_comments_period(audit.report_date, calendar)
        if audit.comments_received_on:
            late = audit.comments_received_on > period.last_day
        else:
            overdue = today > period.last_day
    findings = list(audit.findings.all())
    return AuditState(
        audit=audit,
        comments_period=period,
        comments_overdue=overdue,
        comments_late=late,
        findings=findings,
        overdue_findings=[f for f in findings if finding_overdue(f, today)],
        open_findings=[f for f in findings if f.closed_on is None],
    )


def audit_states(township, now=None) -> list[AuditState]:
    calendar = work_calendar(township.county_id)
    return [audit_state(a, now, calendar) for a in audits_of(township)]


def open_findings_by_person(people) -> dict[int, int]:
    """FIN-7: how many open findings each of `people` answers for (as the owner of the
    rectification or as the audited person; a finding counts once per person), in two
    queries — the roster's column. Equals `audit_findings_of(p, open_only=True).count()`."""
    from django.db.models import Count, F

    ids = [p.pk for p in people]
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    open_findings = AuditFinding.objects.filter(closed_on__isnull=True).order_by()
    owned = open_findings.filter(owner__in=ids)
    of_audited = open_findings.filter(audit__person__in=ids).exclude(
        owner=F("audit__person")
    )
    for field, rows in (("owner", owned), ("audit__person", of_audited)):
        for person_id, count in (
            rows.values(field).annotate(n=Count("id")).values_list(field, "n")
        ):
            counts[person_id] += count
    return counts
