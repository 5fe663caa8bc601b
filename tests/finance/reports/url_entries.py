"""SEC-1 matrix entries of the statements' pages (FIN-2, FIN-7, FIN-8), merged into
tests/finance/url_matrix.py: the secretary, the clerks, the finance group and the county
reviewer read; the secretary and the clerks record (the secretary alone puts a report on
an agenda); a committee member or a cadre with no other role sees nothing (404)."""

from __future__ import annotations

import datetime

from tests.matrix import Case, expect

READ = expect(404, secretary=200, clerk=200, finance_group=200, reviewer=200)
STAFF_POST = expect(404, secretary=302, clerk=302)
SECRETARY_POST = expect(404, secretary=302)
# An empty form to a form's page: staff see it again with the marked fields (400,
# nothing lost); everyone else 404.
STAFF_EMPTY_FORM = expect(404, secretary=400, clerk=400)


def _cached(world, name, build):
    if not hasattr(world, name):
        setattr(world, name, build(world))
    return getattr(world, name)


def _report(world):
    def build(w):
        from django.core.files.base import ContentFile

        from core.history import save_with_history
        from finance.models import QuarterlyReport

        report = QuarterlyReport(
            township=w.own,
            year=2026,
            quarter=1,
            status=QuarterlyReport.Status.GENERATED,
            summary="摘要",
        )
        report.pdf.save("q1.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        report.xlsx.save("q1.xlsx", ContentFile(b"PK"), save=False)
        return save_with_history(report, actor=None, reason="matrix")

    return _cached(world, "_fin_report", build)


def _audit(world):
    def build(w):
        from django.core.files.base import ContentFile

        from finance.audits import services
        from finance.models import EconomicAudit

        audit = services.economic_audit_record(
            actor=None,
            township=w.own,
            person=w.a.secretary.person,
            role=EconomicAudit.Role.SECRETARY,
            period_start=datetime.date(2021, 1, 1),
            period_end=datetime.date(2025, 12, 31),
            auditor="县审计局",
            report_date=datetime.date(2026, 3, 2),
        )
        audit.report_file.save("audit.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        return audit

    return _cached(world, "_fin_audit", build)


def _finding(world):
    def build(w):
        from finance.audits import services

        return services.audit_finding_add(
            actor=None,
            audit=_audit(w),
            text="问题",
            owner=w.a.secretary.person,
            due_on=datetime.date(2026, 6, 30),
        )

    return _cached(world, "_fin_finding", build)


def _accounts(world):
    def build(w):
        from django.core.files.base import ContentFile

        from core.history import save_with_history
        from finance.models import FinalAccounts

        accounts = FinalAccounts(township=w.own, year=2025)
        accounts.approved_file.save("fa.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        return save_with_history(accounts, actor=None, reason="matrix")

    return _cached(world, "_fin_accounts", build)


def slug_kw(world):
    return {"slug": world.own.slug}


def report_kw(world):
    return {"slug": world.own.slug, "pk": _report(world).pk}


def audit_kw(world):
    return {"slug": world.own.slug, "pk": _audit(world).pk}


def accounts_kw(world):
    return {"slug": world.own.slug, "pk": _accounts(world).pk}


ENTRIES = {
    "finance:reports": Case(READ, kwargs=slug_kw),
    "finance:report_generate": Case(
        STAFF_POST,
        kwargs=slug_kw,
        method="post",
        data=lambda w: {"year": 2026, "quarter": 1},
    ),
    "finance:report": Case(READ, kwargs=report_kw),
    "finance:report_file": Case(READ, kwargs=lambda w: {**report_kw(w), "kind": "pdf"}),
    "finance:report_agenda": Case(SECRETARY_POST, kwargs=report_kw, method="post"),
    "finance:report_publish": Case(STAFF_POST, kwargs=report_kw, method="post"),
    "finance:audits": Case(READ, kwargs=slug_kw),
    "finance:audit": Case(READ, kwargs=audit_kw),
    "finance:audit_report": Case(STAFF_EMPTY_FORM, kwargs=audit_kw, method="post"),
    "finance:audit_report_file": Case(READ, kwargs=audit_kw),
    "finance:audit_comments": Case(STAFF_EMPTY_FORM, kwargs=audit_kw, method="post"),
    "finance:finding_add": Case(STAFF_EMPTY_FORM, kwargs=audit_kw, method="post"),
    "finance:finding_close": Case(
        STAFF_EMPTY_FORM,
        kwargs=lambda w: {**audit_kw(w), "finding_pk": _finding(w).pk},
        method="post",
    ),
    "finance:audit_rectification": Case(
        STAFF_EMPTY_FORM, kwargs=audit_kw, method="post"
    ),
    "finance:audit_publish": Case(STAFF_POST, kwargs=audit_kw, method="post"),
    "finance:final_accounts": Case(READ, kwargs=slug_kw),
    "finance:final_accounts_detail": Case(READ, kwargs=accounts_kw),
    "finance:final_accounts_approval": Case(
        STAFF_EMPTY_FORM, kwargs=accounts_kw, method="post"
    ),
    "finance:final_accounts_file": Case(READ, kwargs=accounts_kw),
    "finance:final_accounts_filing": Case(
        STAFF_EMPTY_FORM, kwargs=accounts_kw, method="post"
    ),
    "finance:final_accounts_publish": Case(
        STAFF_POST, kwargs=accounts_kw, method="post"
    ),
}
