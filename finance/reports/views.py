"""Pages of the quarterly report (FIN-2). Thin: the access helper, one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access
from core.errors import DomainError
from core.uploads import download
from finance.reports import selectors, services
from finance.reports.forms import AgendaForm, GenerateForm


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def _run(request, action, success) -> bool:
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


@login_required
def report_list(request, slug):
    township = access.township_for_user(request.user, slug, selectors.READERS)
    year = _year(request)
    staff = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    return render(
        request,
        "finance/reports/list.html",
        {
            "township": township,
            "year": year,
            "years": (year - 1, year + 1),
            "states": selectors.quarter_states(township, year),
            "basis": selectors.BASIS,
            "form": GenerateForm(initial={"year": year}) if staff else None,
        },
    )


@login_required
@require_POST
def report_generate(request, slug):
    township = access.township_for_user(request.user, slug, access.TOWNSHIP_STAFF)
    form = GenerateForm(request.POST)
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["year"]
        _run(
            request,
            lambda: services.quarterly_report_generate(
                actor=request.user,
                township=township,
                year=year,
                quarter=form.cleaned_data["quarter"],
            ),
            _("The report is being generated from the ledger."),
        )
    else:
        messages.error(request, _("Choose a quarter."))
    return redirect(reverse("finance:reports", kwargs={"slug": slug}) + f"?year={year}")


def _report(request, slug, pk, roles=selectors.READERS):
    township = access.township_for_user(request.user, slug, roles)
    return township, selectors.report_for_user(
        request.user, pk, township=township, roles=roles
    )


@login_required
def report_detail(request, slug, pk):
    township, report = _report(request, slug, pk)
    (state,) = [
        s
        for s in selectors.quarter_states(township, report.year)
        if s.quarter == report.quarter
    ]
    is_secretary = access.has_role(request.user, township, access.SECRETARY_ONLY)
    staff = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    meetings = selectors.open_enlarged_meetings(township)
    # The verdicts are the services' own refusals (the page never disagrees with them).
    agenda_refusal = services.agenda_refusal(report)
    publish_refusal = services.publish_refusal(report, state.decided_on)
    may_put_on_agenda = is_secretary and agenda_refusal is None
    return render(
        request,
        "finance/reports/detail.html",
        {
            "township": township,
            "report": report,
            "state": state,
            "agenda_form": AgendaForm(meetings=meetings)
            if may_put_on_agenda and meetings.exists()
            else None,
            "no_enlarged_meeting": may_put_on_agenda and not meetings.exists(),
            "why_not_agenda": agenda_refusal if is_secretary else None,
            "may_publish": staff and publish_refusal is None,
            "why_not_publish": publish_refusal
            if staff and not report.column_item_id
            else None,
            "may_generate": staff and not report.agenda_item_id,
        },
    )


@login_required
def report_file(request, slug, pk, kind):
    _township, report = _report(request, slug, pk)
    if kind not in ("pdf", "xlsx"):
        raise Http404
    return download(getattr(report, kind))


@login_required
@require_POST
def report_agenda(request, slug, pk):
    township, report = _report(request, slug, pk, access.SECRETARY_ONLY)
    form = AgendaForm(request.POST, meetings=selectors.open_enlarged_meetings(township))
    if form.is_valid():
        _run(
            request,
            lambda: services.quarterly_report_put_on_agenda(
                actor=request.user, report=report, meeting=form.cleaned_data["meeting"]
            ),
            _("The report is on the enlarged meeting's agenda."),
        )
    else:
        messages.error(request, _("Choose an enlarged meeting whose agenda is open."))
    return redirect("finance:report", slug=slug, pk=pk)


@login_required
@require_POST
def report_publish(request, slug, pk):
    _township, report = _report(request, slug, pk, access.TOWNSHIP_STAFF)
    _run(
        request,
        lambda: services.quarterly_report_publish(actor=request.user, report=report),
        _("The summary is published in the column."),
    )
    return redirect("finance:report", slug=slug, pk=pk)
