from tests.matrix import Case, expect, township_readers, township_staff
from tests.oversight.factories import make_pilot, submitted_summary


def _county(w):
    return {"pk": w.county.pk}


def _summary(w):
    summary = submitted_summary(w.own, w.a.secretary)
    return {"slug": w.own.slug, "pk": summary.pk}


def _summary_with_attachment(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    summary = submitted_summary(
        w.own,
        w.a.secretary,
        attachment=SimpleUploadedFile("总结附件.pdf", b"%PDF-1.4 summary"),
    )
    return {"slug": w.own.slug, "pk": summary.pk}


def _document_with_file(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from oversight import services
    from oversight.models import PhaseDocument

    pilot = make_pilot(w.own, w.a.secretary)
    document = services.document_add(
        actor=w.a.secretary,
        phase=services.current_phase(pilot),
        kind=PhaseDocument.Kind.PLAN,
        title="实施方案",
        text="内容",
        file=SimpleUploadedFile("实施方案.pdf", b"%PDF-1.4 plan"),
    )
    return {"slug": w.own.slug, "pk": document.pk}


def _with_pilot(w):
    make_pilot(w.own, w.a.secretary)
    return {"slug": w.own.slug}


REVIEWER_ONLY = expect(404, reviewer=200)

ENTRIES = {
    # The county reviewer's desk (PIL-3, SEC-1): their county only.
    "oversight:index": Case(expect(404, reviewer=302, far_reviewer=302)),
    "oversight:dashboard": Case(REVIEWER_ONLY, kwargs=_county),
    "oversight:drill_down": Case(
        REVIEWER_ONLY,
        kwargs=lambda w: {"pk": w.county.pk, "slug": w.own.slug, "key": "dec7"},
    ),
    "oversight:xlsx": Case(REVIEWER_ONLY, kwargs=_county),
    "oversight:township": Case(
        expect(404, reviewer=302), kwargs=lambda w: {"slug": w.own.slug}
    ),
    # Steering group: a reviewer of the county joins (a county record, not a township's).
    "oversight:steer": Case(
        expect(404, reviewer=302),
        kwargs=lambda w: {"pk": w.county.pk, "slug": w.own.slug},
        method="post",
    ),
    "oversight:report_pdf": Case(REVIEWER_ONLY, kwargs=_county),
    # The pilot: every reader of the township and its county reviewer (PIL-1).
    "oversight:pilot": Case(township_readers(), kwargs=lambda w: {"slug": w.own.slug}),
    "oversight:pilot_pdf": Case(township_readers(), kwargs=_with_pilot),
    "oversight:summary": Case(township_readers(), kwargs=_summary),
    # Uploads only through a checked view, to the readers of the page (SEC-1).
    "oversight:summary_attachment": Case(
        township_readers(), kwargs=_summary_with_attachment
    ),
    "oversight:document_file": Case(township_readers(), kwargs=_document_with_file),
    # Writes: township staff only; the reviewer never edits township records.
    "oversight:pilot_create": Case(
        township_staff(200),  # refused dates: the form shows the PIL-1 error
        kwargs=lambda w: {"slug": w.own.slug},
        method="post",
        data=lambda w: {"start": "2026-08-31", "end": "2026-07-01"},
    ),
    "oversight:phase_advance": Case(
        township_staff(200),
        kwargs=_with_pilot,
        method="post",
        data=lambda w: {"to_kind": "building", "on": "2026-07-10"},
    ),
    "oversight:document_add": Case(
        township_staff(302),
        kwargs=_with_pilot,
        method="post",
        data=lambda w: {
            "document-kind": "investigation",
            "document-title": "调研记录",
            "document-text": "内容",
        },
    ),
    "oversight:summary_submit": Case(
        township_staff(200),
        kwargs=_with_pilot,
        method="post",
        data=lambda w: {"text": "总结"},
    ),
    "oversight:summary_review": Case(
        expect(404, reviewer=302),
        kwargs=_summary,
        method="post",
        data=lambda w: {"decision": "return", "comment": "请补充六月情况"},
    ),
}
