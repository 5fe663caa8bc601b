"""Pages of the economic responsibility audits (FIN-7). Thin: access, one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import access
from committees.models import Person
from core.errors import DomainError
from core.uploads import download
from finance import posting
from finance.audits import forms, selectors, services

STAFF = access.TOWNSHIP_STAFF


def _people(township):
    return Person.objects.filter(township=township).order_by("name")


def _fail(form, error: DomainError) -> None:
    form.add_error(None, ValidationError(str(error)))


@login_required
@require_http_methods(["GET", "POST"])
def audit_list(request, slug):
    township = access.township_for_user(request.user, slug, selectors.READERS)
    staff = access.has_role(request.user, township, STAFF)
    form = None
    if staff:
        form = forms.AuditForm(request.POST or None, people=_people(township))
        if request.method == "POST" and form.is_valid():
            try:
                audit = services.economic_audit_record(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Audit recorded."))
                return redirect("finance:audit", slug=slug, pk=audit.pk)
    elif request.method == "POST":
        access.require(request.user, township, STAFF)
    return render(
        request,
        "finance/audits/list.html",
        {
            "township": township,
            "states": selectors.audit_states(township),
            "form": form,
            "basis": selectors.COMMENTS_BASIS,
        },
    )


def _close_prefix(finding_pk: int) -> str:
    return f"close-{finding_pk}"


def _audit(request, slug, pk, roles=selectors.READERS):
    township = access.township_for_user(request.user, slug, roles)
    return township, selectors.audit_for_user(
        request.user, pk, township=township, roles=roles
    )


# Which page form each POST binds: a refused or invalid one is shown again, as typed.
_FORM_KEYS = {
    "ReportForm": "report_form",
    "CommentsForm": "comments_form",
    "FindingForm": "finding_form",
    "RectificationForm": "rectification_form",
}


@login_required
def audit_detail(request, slug, pk):
    township, audit = _audit(request, slug, pk)
    return _detail(request, township, audit)


def _detail(request, township, audit, bound=None, status=200):
    """The audit's page; `bound` = {context key or finding pk: bound form} keeps what was
    typed in a form the service refused or that did not validate (nothing is lost)."""
    bound = bound or {}
    staff = access.has_role(request.user, township, STAFF)
    people = _people(township)
    state = selectors.audit_state(audit)
    if staff:
        # One close form per finding, each with its own prefix: ids stay unique on the page.
        for finding in state.findings:
            finding.close_form = bound.get(finding.pk) or forms.CloseForm(
                prefix=_close_prefix(finding.pk)
            )

    def form(key, build):
        return (bound.get(key) or build()) if staff else None

    return render(
        request,
        "finance/audits/detail.html",
        {
            "township": township,
            "audit": audit,
            "state": state,
            "finding_basis": selectors.FINDING_BASIS,
            "staff": staff,
            "report_form": form("report_form", forms.ReportForm),
            "comments_form": form("comments_form", forms.CommentsForm),
            "finding_form": form(
                "finding_form", lambda: forms.FindingForm(people=people)
            ),
            "rectification_form": form("rectification_form", forms.RectificationForm),
        },
        status=status,
    )


def _post(request, slug, pk, form_class, call, success, key=None, **form_kw):
    township, audit = _audit(request, slug, pk, STAFF)
    key = key or _FORM_KEYS[form_class.__name__]
    return posting.act_or_redisplay(
        request,
        form_class(request.POST, request.FILES, **form_kw),
        lambda data: call(audit, data),
        success,
        reverse("finance:audit", args=[slug, pk]),
        lambda form: _detail(request, township, audit, bound={key: form}, status=400),
    )


@login_required
@require_POST
def audit_report(request, slug, pk):
    return _post(
        request,
        slug,
        pk,
        forms.ReportForm,
        lambda audit, data: services.economic_audit_report_record(
            actor=request.user, audit=audit, **data
        ),
        _("Audit report recorded."),
    )


@login_required
def audit_report_file(request, slug, pk):
    _township, audit = _audit(request, slug, pk)
    return download(audit.report_file)


@login_required
@require_POST
def audit_comments(request, slug, pk):
    return _post(
        request,
        slug,
        pk,
        forms.CommentsForm,
        lambda audit, data: services.economic_audit_comments_record(
            actor=request.user, audit=audit, **data
        ),
        _("Written comments recorded."),
    )


@login_required
@require_POST
def finding_add(request, slug, pk):
    township = access.township_for_user(request.user, slug, STAFF)
    return _post(
        request,
        slug,
        pk,
        forms.FindingForm,
        lambda audit, data: services.audit_finding_add(
            actor=request.user, audit=audit, **data
        ),
        _("Finding recorded."),
        people=_people(township),
    )


@login_required
@require_POST
def finding_close(request, slug, pk, finding_pk):
    township = access.township_for_user(request.user, slug, STAFF)
    finding = selectors.finding_for_user(
        request.user, finding_pk, township=township, roles=STAFF
    )
    if finding.audit_id != pk:
        from django.http import Http404

        raise Http404
    return _post(
        request,
        slug,
        pk,
        forms.CloseForm,
        lambda audit, data: services.audit_finding_close(
            actor=request.user, finding=finding, **data
        ),
        _("Finding closed."),
        key=finding.pk,
        prefix=_close_prefix(finding.pk),
    )


@login_required
@require_POST
def audit_rectification(request, slug, pk):
    return _post(
        request,
        slug,
        pk,
        forms.RectificationForm,
        lambda audit, data: services.economic_audit_rectification_record(
            actor=request.user, audit=audit, **data
        ),
        _("Rectification report recorded."),
    )


@login_required
@require_POST
def audit_publish(request, slug, pk):
    _township, audit = _audit(request, slug, pk, STAFF)
    try:
        services.economic_audit_publish(actor=request.user, audit=audit)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The rectification report is published in the column.")
        )
    return redirect("finance:audit", slug=slug, pk=pk)
