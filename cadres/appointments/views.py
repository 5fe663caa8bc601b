"""Thin views: the access helper, one service call, redirect after POST (APT-1 … APT-3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadres.appointments import errors, forms, selectors, services
from cadres.appointments.models import (
    OPEN_STAGES,
    RecommendationNominee,
    Stage,
)
from committees import access
from committees import selectors as org
from committees.models import Person
from core.errors import DomainError
from core.pdf import render_pdf
from core.uploads import download
from disclosure.models import Feedback
from finance import selectors as finance_selectors


def _township(request, slug, roles=selectors.CASE_READERS):
    return access.township_for_user(request.user, slug, roles)


def _case(request, township, pk):
    return access.governed_or_404(
        selectors.case_rows(),
        request.user,
        pk,
        township=township,
        roles=selectors.CASE_READERS,
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_list(request, slug):
    """The secretary's list of open cases: stage and what each waits for."""
    township = _township(request, slug)
    may_open = access.has_role(request.user, township, access.SECRETARY_ONLY)
    people = org.people_of(township)
    form = forms.CaseOpenForm(people=people) if may_open else None
    if request.method == "POST":
        if not may_open:
            raise Http404
        form = forms.CaseOpenForm(request.POST, people=people)
        if form.is_valid():
            try:
                case = services.case_open(
                    actor=request.user,
                    township=township,
                    post=form.cleaned_data["post"],
                    person=form.cleaned_data["person"],
                )
            except DomainError as error:
                form.add_error(None, ValidationError(str(error)))
            else:
                return redirect("appointments:case", slug=township.slug, pk=case.pk)
    cases = selectors.cases_for(request.user, township)
    return render(
        request,
        "cadres/appointments/case_list.html",
        {
            "township": township,
            "open_cases": selectors.with_waiting(cases.filter(stage__in=OPEN_STAGES)),
            "closed_cases": cases.exclude(stage__in=OPEN_STAGES)[:50],
            "form": form,
        },
    )


def _stage_forms(case, data=None, files=None):
    """The forms of the case's current stage (bound when `data` is given)."""
    stage = case.stage
    found = {}
    if stage == Stage.RECOMMENDATION:
        people = org.people_of(case.township)
        found["recommendation"] = forms.RecommendationForm(data, people=people)
    elif stage == Stage.CANDIDATES:
        recommended = Person.objects.filter(
            pk__in=RecommendationNominee.objects.filter(
                recommendation__case=case
            ).values("person_id")
        ).order_by("name")
        found["candidates"] = forms.CandidatesForm(data, recommended=recommended)
    elif stage == Stage.INSPECTION:
        found["inspection"] = forms.InspectionForm(data, files)
    elif stage == Stage.DECISION:
        found["decision_link"] = forms.DecisionLinkForm(
            data,
            items=selectors.personnel_items_for(case).exclude(pk=case.agenda_item_id),
        )
    elif stage == Stage.FORMALITIES:
        found["formalities"] = forms.FormalitiesForm(data)
    if case.is_open:
        found["stop"] = forms.StopForm(data)
    return found


def _act(request, case, action, form):
    """Run the service of `action` with a valid form (or none); return the case."""
    user = request.user
    data = form.cleaned_data if form is not None else {}
    if action == "recommendation":
        services.recommendation_record(
            actor=user,
            case=case,
            held_on=data["held_on"],
            electorate=data["electorate"],
            ballots_returned=data["ballots_returned"],
            nominees=form.nominees(),
            note=data["note"],
        )
    elif action == "candidates":
        services.candidates_select(
            actor=user,
            case=case,
            held_on=data["held_on"],
            attendees=data["attendees"],
            record=data["record"],
            candidates=data["candidates"],
        )
    elif action == "inspection":
        services.inspection_record(
            actor=user,
            case=case,
            team=data["team"],
            report=data["report"],
            conclusion=data["conclusion"],
            report_file=data["report_file"],
        )
    elif action == "decision_link":
        services.decision_link(actor=user, case=case, item=data["item"])
    elif action == "decision_confirm":
        services.decision_confirm(actor=user, case=case)
    elif action == "notice_publish":
        services.notice_publish(actor=user, case=case)
    elif action == "finding":
        feedback = access.governed_or_404(
            Feedback.objects.all(),
            user,
            data["feedback"],
            township=case.township,
            roles=access.TOWNSHIP_STAFF,
        )
        services.objection_finding_record(
            actor=user,
            case=case,
            feedback=feedback,
            affects=data["finding"] == forms.FindingForm.AFFECTS,
            note=data["note"],
        )
    elif action == "formalities_start":
        services.formalities_start(actor=user, case=case)
    elif action == "formalities":
        services.formalities_complete(
            actor=user,
            case=case,
            done_on=data["done_on"],
            letter_number=data["letter_number"],
            effective_from=data["effective_from"],
        )
    elif action == "stop":
        services.case_stop(actor=user, case=case, reason=data["reason"])
    else:
        raise Http404


FORMLESS = ("decision_confirm", "notice_publish", "formalities_start")
FORM_ACTIONS = (
    "recommendation",
    "candidates",
    "inspection",
    "decision_link",
    "formalities",
    "stop",
)


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, slug, pk):
    """The case page: its records, its timeline and the forms of the current stage."""
    township = _township(request, slug)
    case = _case(request, township, pk)
    may_write = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    stage_forms = _stage_forms(case) if may_write else {}
    error = None
    if request.method == "POST":
        if not may_write:
            raise Http404
        action = request.POST.get("action", "")
        if action == "finding":
            form = forms.FindingForm(request.POST)
        elif action in FORMLESS:
            form = None
        elif action in FORM_ACTIONS:
            form = _stage_forms(case, request.POST, request.FILES).get(action)
            if form is None:
                # Not a step of this stage (APT-1): refused with the service's message.
                error = str(_skip_error(case, action))
        else:
            raise Http404
        if error is None and (form is None or form.is_valid()):
            try:
                _act(request, case, action, form)
            except DomainError as refused:
                error = str(refused)
            else:
                messages.success(request, _("Saved."))
                return redirect("appointments:case", slug=township.slug, pk=case.pk)
        if form is not None and action in stage_forms:
            stage_forms[action] = form
        elif form is not None and form.errors and error is None:
            error = _("Choose a finding and write a note.")
    case.refresh_from_db()
    return render(
        request,
        "cadres/appointments/case_detail.html",
        _case_context(request, township, case, stage_forms, may_write, error),
        status=400 if error else 200,
    )


def _skip_error(case, action):
    """APT-1: a step of another stage, sent by hand: the service's own refusal."""
    wanted = {
        "recommendation": Stage.RECOMMENDATION,
        "candidates": Stage.CANDIDATES,
        "inspection": Stage.INSPECTION,
        "decision_link": Stage.DECISION,
        "formalities": Stage.DONE,
        "stop": Stage.STOPPED,
    }[action]
    if not case.is_open:
        return errors.CaseClosed(params={"stage": Stage(case.stage).label})
    return errors.StageSkipped(
        params={"current": Stage(case.stage).label, "wanted": wanted.label}
    )


def _case_context(request, township, case, stage_forms, may_write, error):
    now = timezone.now()
    notice = selectors.notice_of(case)
    objections = selectors.objections_of(notice)
    decision, row = selectors.decision_of(case)
    return {
        "township": township,
        "case": case,
        "may_write": may_write,
        "error": error,
        "forms": stage_forms,
        "waiting": selectors.waiting_for(case, now),
        "transitions": case.transitions.select_related("by").order_by("at", "pk"),
        "recommendation": selectors.recommendation_of(case),
        "selection": getattr(case, "candidate_selection", None),
        "inspection": getattr(case, "inspection", None),
        "decision": decision,
        "decision_row": row,
        "notice": notice,
        "notice_open": notice is not None and now <= notice.ends_at,
        "notice_days_left": notice.item.days_left(timezone.localdate())
        if notice
        else None,
        "preview": selectors.notice_preview(case)
        if case.stage == Stage.NOTICE and notice is None
        else None,
        "objections": objections,
        "finding_form": forms.FindingForm() if may_write and case.is_open else None,
        "formalities": getattr(case, "formalities", None),
        "stages": selectors.stage_steps(case),
        # FIN-7: open audit findings of the person proposed (经济责任审计规定 Art 52).
        "audit_findings": list(
            finance_selectors.audit_findings_of(case.person, open_only=True)
        ),
    }


@login_required
def inspection_report(request, slug, pk):
    """The inspection report file, for whoever may read the case."""
    township = _township(request, slug)
    case = _case(request, township, pk)
    inspection = getattr(case, "inspection", None)
    return download(inspection.report_file if inspection else None)


@login_required
def letter_pdf(request, slug, pk):
    """The appointment letter (任职通知), printed from the formalities record."""
    township = _township(request, slug)
    case = _case(request, township, pk)
    if case.stage != Stage.DONE:
        raise Http404
    decision, row = selectors.decision_of(case)
    pdf = render_pdf(
        "cadres/appointments/pdf/letter.html",
        {
            "township": township,
            "case": case,
            "formalities": case.formalities,
            "decision": decision,
            "decision_row": row,
            "notice": selectors.notice_of(case),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="appointment-{case.pk}.pdf"'
    return response
