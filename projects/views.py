"""Pages of projects and tenders. Thin: access helper, one service call, redirect.

Every lookup goes through committees.access (another township's project is a 404, SEC-1);
a refusal of the rules is a message in the reader's language, never a 500. The villagers'
pages (`public_*`, OCDS) need no login and show only published projects (PUB-2).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import access
from committees.models import Person, Township
from core.errors import DomainError
from projects import forms, ocds, rules, selectors, services
from projects.models import Bid, Objection, Project, Tender

STAFF = access.TOWNSHIP_STAFF


def _project(request, slug, pk, roles=access.READERS):
    township = access.township_for_user(request.user, slug, roles)
    project = access.governed_or_404(
        selectors.PROJECTS, request.user, pk, township=township, roles=roles
    )
    return township, project


def _tender(request, slug, pk, roles=access.READERS):
    township = access.township_for_user(request.user, slug, roles)
    tender = access.governed_or_404(
        Tender.objects.select_related("project", "township"),
        request.user,
        pk,
        township=township,
        roles=roles,
    )
    return township, tender


def _run(request, action, success) -> bool:
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


def _invalid(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(
            request, f"{label}：{' '.join(errors)}" if label else " ".join(errors)
        )


# -- staff pages -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_list(request, slug):
    township = access.township_for_user(request.user, slug)
    may_write = access.has_role(request.user, township, STAFF)
    form = forms.ProposeForm(
        request.POST or None, initial={"fiscal_year": forms.default_year()}
    )
    if request.method == "POST":
        access.require(request.user, township, STAFF)
        if form.is_valid():
            made = {}

            def propose():
                made["project"] = services.project_propose(
                    actor=request.user, township=township, **form.cleaned_data
                )

            if _run(request, propose, _("Project proposed.")):
                return redirect("projects:detail", slug, made["project"].pk)
    return render(
        request,
        "projects/list.html",
        {
            "township": township,
            "projects": selectors.projects_of(request.user, township),
            "form": form if may_write else None,
        },
    )


def _stage_forms(project, township) -> dict:
    """The forms the current stage offers (the services decide whether they pass)."""
    stage = project.stage
    found = {}
    if stage == Project.Stage.FEASIBILITY:
        found["feasibility"] = forms.FeasibilityForm(
            initial={"estimate": project.feasibility_estimate}
        )
        found["demonstration"] = forms.DemonstrationForm(
            initial={"held_on": forms.today()}
        )
    elif stage == Project.Stage.DECISION and project.agenda_item_id is None:
        found["decision"] = forms.DecisionForm(township=township)
    elif stage == Project.Stage.APPROVAL:
        found["approval"] = forms.ApprovalForm(initial={"approved_on": forms.today()})
    elif stage == Project.Stage.TENDERING:
        tender = selectors.current_tender(project)
        if tender is None or tender.status == Tender.Status.FAILED:
            found["tender"] = forms.TenderForm(
                initial={"documents_from": forms.today()}
            )
    elif stage == Project.Stage.IMPLEMENTATION:
        found["inspection"] = forms.InspectionForm(initial={"on": forms.today()})
        found["expenditure"] = forms.ExpenditureForm(initial={"paid_on": forms.today()})
    elif stage == Project.Stage.ACCEPTANCE:
        found["acceptance"] = forms.AcceptanceForm(
            initial={"accepted_on": forms.today(), "filed_on": forms.today()}
        )
        found["expenditure"] = forms.ExpenditureForm(initial={"paid_on": forms.today()})
    elif stage == Project.Stage.ACCOUNTS:
        found["accounts"] = forms.AccountsForm(initial={"on": forms.today()})
    if stage != Project.Stage.FINISHED:
        found["declaration"] = forms.DeclarationForm(township=township)
    return found


@login_required
@require_GET
def project_detail(request, slug, pk):
    township, project = _project(request, slug, pk)
    may_write = access.has_role(request.user, township, STAFF)
    following = rules.next_stage(project.stage)
    return render(
        request,
        "projects/detail.html",
        {
            "township": township,
            "project": project,
            "may_write": may_write,
            "is_secretary": access.has_role(
                request.user, township, access.SECRETARY_ONLY
            ),
            "next_stage": Project.Stage(following) if following else None,
            "missing": services.stage_missing(project),
            "duty": services.tender_duty(project),
            "decision": selectors.standing_decision(project),
            "records": selectors.reached_stages(project),
            "stages": selectors.stage_list(project),
            "tenders": project.tenders.all(),
            "step_asides": project.step_asides.select_related("person"),
            "declarations": project.declarations.select_related("person"),
            "inspections": project.inspections.all(),
            "expenditures": project.expenditures.all(),
            "breaches": project.breaches.all(),
            "forms": _stage_forms(project, township) if may_write else {},
            "estimate_limit": rules.estimate_limit(project.feasibility_estimate)
            if project.feasibility_estimate
            else None,
        },
    )


def _project_action(request, project, township, action):
    """(form or None, callable) for a project action."""
    data = request.POST
    user = request.user
    if action == "advance":
        return None, lambda c: services.project_advance(
            actor=user, project=project, to=data.get("to", "")
        )
    if action == "publish":
        return None, lambda c: services.project_publish(actor=user, project=project)
    if action == "feasibility":
        return forms.FeasibilityForm(data), lambda c: services.feasibility_record(
            actor=user, project=project, estimate=c["estimate"]
        )
    if action == "demonstration":
        return forms.DemonstrationForm(data), lambda c: services.demonstration_record(
            actor=user, project=project, **c
        )
    if action == "decision":
        return forms.DecisionForm(
            data, township=township
        ), lambda c: services.decision_propose(
            actor=user, project=project, meeting=c["meeting"]
        )
    if action == "approval":
        return forms.ApprovalForm(data), lambda c: services.approval_record(
            actor=user, project=project, **c
        )
    if action == "tender":
        return forms.TenderForm(data), lambda c: services.tender_publish(
            actor=user, project=project, **c
        )
    if action == "inspection":
        return forms.InspectionForm(data), lambda c: services.inspection_record(
            actor=user, project=project, **c
        )
    if action == "expenditure":
        return forms.ExpenditureForm(data), lambda c: services.expenditure_record(
            actor=user, project=project, **c
        )
    if action == "acceptance":
        return forms.AcceptanceForm(data), lambda c: services.acceptance_record(
            actor=user, project=project, **c
        )
    if action == "accounts":
        return forms.AccountsForm(data), lambda c: services.accounts_record(
            actor=user, project=project, **c
        )
    if action == "declaration":
        return forms.DeclarationForm(
            data, township=township
        ), lambda c: services.declaration_record(actor=user, project=project, **c)
    raise Http404


@login_required
@require_POST
def project_act(request, slug, pk, action):
    township, project = _project(request, slug, pk, STAFF)
    form, call = _project_action(request, project, township, action)
    if form is not None and not form.is_valid():
        _invalid(request, form)
    else:
        cleaned = form.cleaned_data if form is not None else {}
        _run(request, lambda: call(cleaned), _("Saved."))
    project.refresh_from_db()
    if project.stage == Project.Stage.FEASIBILITY and project.estimate_flagged:
        messages.warning(
            request, _("The cost estimate is more than 10 percent over: sent back.")
        )
    return redirect("projects:detail", slug, project.pk)


def _tender_forms(tender: Tender) -> dict:
    bids = tender.bids.all()
    status = tender.status
    found = {}
    if status in (Tender.Status.OPEN, Tender.Status.PAUSED):
        found["clarify"] = forms.ClarifyForm()
        found["bid"] = forms.BidForm()
    found["objection"] = forms.ObjectionForm()
    if status == Tender.Status.CLOSED:
        found["evaluation"] = forms.EvaluationForm(bids=bids)
    if status == Tender.Status.CANDIDATES:
        found["award"] = forms.AwardForm(
            bids=Bid.objects.filter(pk__in=tender.candidates.values("bid_id"))
        )
    if status == Tender.Status.AWARDED:
        found["contract"] = forms.ContractForm(
            initial={"signed_on": forms.today(), "amount": tender.winner.price}
        )
    return found


@login_required
@require_GET
def tender_detail(request, slug, pk):
    township, tender = _tender(request, slug, pk)
    may_write = access.has_role(request.user, township, STAFF)
    now = timezone.now()
    return render(
        request,
        "projects/tender.html",
        {
            "township": township,
            "tender": tender,
            "project": tender.project,
            "clocks": selectors.tender_clocks(tender, now),
            "rules": rules,
            "bids": tender.bids.all(),
            "candidates": tender.candidates.select_related("bid"),
            "evaluators": tender.evaluators.all(),
            "objections": tender.objections.all(),
            "clarifications": tender.clarifications.all(),
            "may_write": may_write,
            "forms": _tender_forms(tender) if may_write else {},
            "may_open": tender.status == Tender.Status.OPEN and now >= tender.deadline,
            "may_publish_candidates": tender.status == Tender.Status.EVALUATED,
            "too_few": tender.status == Tender.Status.FAILED,
        },
    )


def _evaluation(user, tender, township, c):
    def person(name):
        return Person.objects.filter(township=township, name=name).first()

    evaluators = [
        (n, True, person(n)) for n in forms.EvaluationForm.names(c["experts"])
    ]
    evaluators += [
        (n, False, person(n)) for n in forms.EvaluationForm.names(c["others"])
    ]
    ranking = [b for b in (c["first"], c["second"], c["third"]) if b is not None]
    return services.evaluation_record(
        actor=user, tender=tender, evaluators=evaluators, ranking=ranking
    )


@login_required
@require_POST
def tender_act(request, slug, pk, action):
    township, tender = _tender(request, slug, pk, STAFF)
    data, user = request.POST, request.user
    bids = tender.bids.all()
    if action == "clarify":
        form, call = (
            forms.ClarifyForm(data),
            lambda c: services.tender_clarify(
                actor=user, tender=tender, text=c["text"]
            ),
        )
    elif action == "objection":
        form, call = (
            forms.ObjectionForm(data),
            lambda c: services.objection_record(actor=user, tender=tender, **c),
        )
    elif action == "answer":
        form = forms.AnswerForm(data)

        def call(c):
            objection = get_object_or_404(Objection, tender=tender, pk=c["objection"])
            return services.objection_answer(
                actor=user, objection=objection, answer=c["answer"]
            )

    elif action == "bid":
        form, call = (
            forms.BidForm(data),
            lambda c: services.bid_record(actor=user, tender=tender, **c),
        )
    elif action == "open":
        form, call = None, lambda c: services.bids_open(actor=user, tender=tender)
    elif action == "evaluation":
        form = forms.EvaluationForm(data, bids=bids)

        def call(c):
            return _evaluation(user, tender, township, c)

    elif action == "candidates":
        form, call = (
            None,
            lambda c: services.candidates_publish(actor=user, tender=tender),
        )
    elif action == "award":
        form = forms.AwardForm(data, bids=bids)

        def call(c):
            return services.award(actor=user, tender=tender, bid=c["bid"])

    elif action == "contract":
        form, call = (
            forms.ContractForm(data),
            lambda c: services.contract_record(actor=user, tender=tender, **c),
        )
    else:
        raise Http404
    if form is not None and not form.is_valid():
        _invalid(request, form)
    else:
        _run(request, lambda: call(form.cleaned_data if form else {}), _("Saved."))
    tender.refresh_from_db()
    if tender.status == Tender.Status.FAILED and action == "open":
        messages.warning(
            request,
            _(
                "Fewer than 3 bids: no opening. Publish the tender again from the project page."
            ),
        )
    return redirect("projects:tender", slug, tender.pk)


@login_required
@require_http_methods(["GET", "POST"])
def purchases(request, slug):
    """PRJ-4: purchases of one category in one year, added up against the threshold."""
    township = access.township_for_user(request.user, slug)
    may_write = access.has_role(request.user, township, STAFF)
    form = forms.PurchaseForm(
        request.POST or None,
        initial={"fiscal_year": forms.default_year(), "threshold": "2000000.00"},
    )
    warning = None
    if request.method == "POST":
        access.require(request.user, township, STAFF)
        if form.is_valid():
            c = form.cleaned_data
            total, left = selectors.purchase_warning(
                township, c["category"], c["fiscal_year"], c["threshold"]
            )
            warning = {"category": c["category"], "total": total, "left": left}
            if _run(
                request,
                lambda: services.purchase_record(
                    actor=request.user, township=township, **c
                ),
                _("Purchase recorded."),
            ):
                return redirect("projects:purchases", slug)
    from projects.models import Purchase

    return render(
        request,
        "projects/purchases.html",
        {
            "township": township,
            "purchases": access.scope(
                Purchase.objects.filter(township=township), request.user
            ).order_by("-fiscal_year", "category", "at"),
            "totals": selectors.purchase_totals(township),
            "form": form if may_write else None,
            "warning": warning,
        },
    )


# -- the villagers' pages ---------------------------------------------------------------------


def _public_township(slug) -> Township:
    return get_object_or_404(Township, slug=slug)


@require_GET
def public_list(request, slug):
    township = _public_township(slug)
    return render(
        request,
        "projects/public_list.html",
        {"township": township, "projects": selectors.public_projects(township)},
    )


@require_GET
def public_project(request, slug, pk):
    township = _public_township(slug)
    project = get_object_or_404(selectors.public_projects(township), pk=pk)
    now = timezone.now()
    tender = selectors.current_tender(project)
    return render(
        request,
        "projects/public.html",
        {
            "township": township,
            "project": project,
            "timeline": selectors.timeline(project),
            "tender": tender,
            "clocks": selectors.tender_clocks(tender, now) if tender else None,
            "candidates": tender.candidates.select_related("bid") if tender else [],
            "bid_count": tender.bids.count()
            if tender and now >= tender.deadline
            else None,
            "inspections": project.inspections.all(),
            "rules": rules,
            "now": now,
        },
    )


def _json(data, filename) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def ocds_releases(request, slug):
    township = _public_township(slug)
    uri = request.build_absolute_uri()
    return _json(
        ocds.release_package(township, selectors.public_projects(township), uri),
        f"{township.slug}-ocds-releases.json",
    )


@require_GET
def ocds_records(request, slug):
    township = _public_township(slug)
    uri = request.build_absolute_uri()
    package = ocds.record_package(township, selectors.public_projects(township), uri)
    if not package["records"]:
        # OCDS 1.1: a record package holds at least one record.
        raise Http404
    return _json(package, f"{township.slug}-ocds-records.json")
