"""Pages of the budget (FIN-1, FIN-3, FIN-4). Thin: access, a form, one service, redirect;
a refusal is shown on the form in the reader's language, never a 500."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees import access
from committees.models import Body, Person
from core.errors import DomainError
from core.uploads import download
from finance import roles as fin_roles
from finance import rules, selectors, services
from finance.budget import forms
from finance.budget.models import Budget, BudgetChange, BudgetLine


def _fail(form, error: DomainError) -> None:
    form.add_error(None, ValidationError(str(error)))


def _township(request, slug):
    township = access.township_for_user(request.user, slug, fin_roles.READERS)
    return township, access.roles_in(request.user, township)


def _can(roles, wanted) -> bool:
    return bool(roles & frozenset(wanted))


def open_meetings(township, kinds):
    """Meetings whose agenda is still open (DEC-2), for a finance item."""
    from meetings.models import Meeting

    return Meeting.objects.filter(
        township=township,
        body__kind__in=kinds,
        status=Meeting.Status.SCHEDULED,
        agenda_fixed_at__isnull=True,
        start__gte=timezone.now(),
    ).order_by("start")


@login_required
@require_http_methods(["GET", "POST"])
def home(request, slug):
    """The township's money: its budgets, a new draft (the clerk)."""
    township, roles = _township(request, slug)
    may_draft = _can(roles, fin_roles.RECORDERS)
    form = forms.BudgetForm(
        request.POST or None, initial={"year": timezone.localdate().year + 1}
    )
    if request.method == "POST" and may_draft and form.is_valid():
        try:
            budget = services.budget_create(
                actor=request.user,
                township=township,
                year=form.cleaned_data["year"],
                explanation=form.cleaned_data["explanation"],
            )
        except DomainError as error:
            _fail(form, error)
        else:
            return redirect("finance:budget", slug=township.slug, pk=budget.pk)
    return render(
        request,
        "finance/home.html",
        {
            "township": township,
            "budgets": selectors.budgets(township),
            "form": form if may_draft else None,
            "settings": selectors.settings_of(township),
            "large": selectors.large_expenditures(township)[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request, slug):
    township, roles = _township(request, slug)
    may_edit = _can(roles, fin_roles.STAFF)
    current = selectors.settings_of(township)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "large_expenditure_threshold": current.large_expenditure_threshold,
            "budget_filing_days": current.budget_filing_days,
        },
    )
    if request.method == "POST" and may_edit and form.is_valid():
        try:
            services.settings_update(
                actor=request.user, township=township, **form.cleaned_data
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The finance settings are saved."))
            return redirect("finance:settings", slug=township.slug)
    return render(
        request,
        "finance/settings.html",
        {
            "township": township,
            "form": form if may_edit else None,
            "current": current,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group(request, slug):
    """FIN-1: the finance group's members by unit, its votes and their arithmetic."""
    township, roles = _township(request, slug)
    may_edit = _can(roles, fin_roles.STAFF)
    form = forms.MemberForm(
        request.POST or None,
        people=Person.objects.filter(township=township).order_by("name"),
    )
    if request.method == "POST" and may_edit and form.is_valid():
        try:
            services.group_member_add(
                actor=request.user, township=township, **form.cleaned_data
            )
        except DomainError as error:
            _fail(form, error)
        else:
            return redirect("finance:group", slug=township.slug)
    today = timezone.localdate()
    return render(
        request,
        "finance/group.html",
        {
            "township": township,
            "members": selectors.group_members(township),
            "current": selectors.group_members_on(township, today).count(),
            "needed": rules.group_needed(
                max(selectors.group_members_on(township, today).count(), 1)
            ),
            "decisions": selectors.group_decisions(township)[:20],
            "form": form if may_edit else None,
            "basis": rules.FIN1_BASIS,
        },
    )


def _budget_actions(request, township, budget, roles):
    """The forms of the budget page, each bound only when it was the one posted."""
    posted = request.POST.get("action") if request.method == "POST" else None

    def bound(name, cls, **kw):
        data = request.POST if posted == name else None
        files = request.FILES if posted == name else None
        if cls is forms.ApprovalForm:
            return cls(data, files, prefix=name, **kw)
        return cls(data, prefix=name, **kw)

    actions = {}
    draft = budget.status == Budget.Status.DRAFT
    clerk = _can(roles, fin_roles.RECORDERS)
    if draft and clerk:
        actions["line"] = bound("line", forms.LineForm)
    if draft and _can(roles, fin_roles.SECRETARY):
        actions["report"] = bound(
            "report",
            forms.ReportForm,
            meetings=open_meetings(township, [Body.Kind.COMMITTEE, Body.Kind.ENLARGED]),
        )
    if budget.status == Budget.Status.REPORTED and clerk:
        actions["opinions"] = bound("opinions", forms.OpinionsForm)
        actions["approve"] = bound("approve", forms.ApprovalForm)
    if budget.status == Budget.Status.APPROVED and clerk:
        if budget.filed_on is None:
            actions["file"] = bound("file", forms.DateForm)
        if budget.published_on is None:
            actions["publish"] = bound("publish", forms.DateForm)
    return posted, actions


def _run_budget_action(request, budget, name, form):
    data = form.cleaned_data
    actor = request.user
    if name == "line":
        services.budget_line_add(actor=actor, budget=budget, **data)
    elif name == "report":
        services.budget_report(actor=actor, budget=budget, meeting=data["meeting"])
    elif name == "opinions":
        services.budget_opinions_record(
            actor=actor, budget=budget, text=data["text"], heard_on=data["heard_on"]
        )
    elif name == "approve":
        services.budget_approve(actor=actor, budget=budget, **data)
    elif name == "file":
        services.budget_file(actor=actor, budget=budget, filed_on=data["on"])
    elif name == "publish":
        services.budget_publish(actor=actor, budget=budget, published_on=data["on"])


@login_required
@require_http_methods(["GET", "POST"])
def budget_detail(request, slug, pk):
    """FIN-3 / FIN-4: the budget line by line (approved / adjusted / actual / balance,
    every approved version), its way to the congress, its periods, its changes."""
    township, roles = _township(request, slug)
    budget = access.governed_or_404(
        Budget.objects.select_related("township", "agenda_item__meeting"),
        request.user,
        pk,
        township=township,
        roles=fin_roles.READERS,
    )
    posted, actions = _budget_actions(request, township, budget, roles)
    form = actions.get(posted)
    if form is not None and form.is_valid():
        try:
            _run_budget_action(request, budget, posted, form)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("finance:budget", slug=township.slug, pk=budget.pk)
    year = budget.year
    figures = selectors.line_figures(
        budget, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    )
    decision = selectors.item_decision(budget.agenda_item)
    reserve = (
        services.reserve_refusal(budget)
        if budget.status == Budget.Status.DRAFT
        else None
    )
    return render(
        request,
        "finance/budget.html",
        {
            "township": township,
            "budget": budget,
            "figures": figures,
            "spending_rows": [
                f for f in figures if f.line.direction == BudgetLine.Direction.SPENDING
            ],
            "revenue": selectors.totals(figures, BudgetLine.Direction.REVENUE),
            "spending": selectors.totals(figures, BudgetLine.Direction.SPENDING),
            "versions": selectors.line_versions(budget),
            "changes": selectors.changes_of(budget),
            "decision": decision,
            "decision_passed": selectors.decision_passed(decision),
            "periods": selectors.budget_periods(budget),
            "reserve_refusal": reserve,
            "reserve_basis": rules.RESERVE_BASIS,
            "actions": actions,
            "may_change": budget.in_force and _can(roles, fin_roles.RECORDERS),
        },
    )


@login_required
def budget_file(request, slug, pk):
    township, _roles = _township(request, slug)
    budget = access.governed_or_404(
        Budget.objects.all(),
        request.user,
        pk,
        township=township,
        roles=fin_roles.READERS,
    )
    return download(budget.approved_file)


@login_required
@require_http_methods(["GET", "POST"])
def change_new(request, slug, pk):
    """FIN-4: propose a change; the service classifies it and says why."""
    township, roles = _township(request, slug)
    budget = access.governed_or_404(
        Budget.objects.all(),
        request.user,
        pk,
        township=township,
        roles=fin_roles.RECORDERS,
    )
    lines = BudgetLine.objects.filter(
        budget=budget, direction=BudgetLine.Direction.SPENDING
    ).order_by("code")
    form = forms.ChangeForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.change_propose(
                actor=request.user,
                budget=budget,
                title=form.cleaned_data["title"],
                plan=form.cleaned_data["plan"],
                deltas=form.deltas(),
                stabilization_fund_draw=form.cleaned_data["stabilization_fund_draw"]
                or 0,
            )
        except DomainError as error:
            _fail(form, error)
        else:
            return redirect("finance:change", slug=township.slug, pk=change.pk)
    return render(
        request,
        "finance/change_new.html",
        {
            "township": township,
            "budget": budget,
            "form": form,
            "art67": list(rules.ART67_ZH.values()),
            "bases": list(rules.CHANGE_BASIS.values()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_detail(request, slug, pk):
    """FIN-4: the change, its classification and route, the group's vote, the congress."""
    township, roles = _township(request, slug)
    change = access.governed_or_404(
        BudgetChange.objects.select_related("budget", "group_decision"),
        request.user,
        pk,
        township=township,
        roles=fin_roles.READERS,
    )
    posted = request.POST.get("action") if request.method == "POST" else None
    vote = congress = None
    if change.status == BudgetChange.Status.PROPOSED and _can(roles, fin_roles.GROUP):
        vote = forms.VoteForm(
            request.POST if posted == "vote" else None,
            prefix="vote",
            members=selectors.group_members_on(township, timezone.localdate()),
            initial={"decided_on": timezone.localdate()},
        )
    if change.status == BudgetChange.Status.GROUP_APPROVED and _can(
        roles, fin_roles.RECORDERS
    ):
        congress = forms.CongressForm(
            request.POST if posted == "congress" else None, prefix="congress"
        )
    form = {"vote": vote, "congress": congress}.get(posted)
    if form is not None and form.is_valid():
        try:
            if posted == "vote":
                services.change_group_decide(
                    actor=request.user,
                    change=change,
                    decided_on=form.cleaned_data["decided_on"],
                    choices=form.choices(),
                )
            else:
                services.change_congress_approve(
                    actor=request.user, change=change, **form.cleaned_data
                )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("finance:change", slug=township.slug, pk=change.pk)
    return render(
        request,
        "finance/change.html",
        {
            "township": township,
            "change": change,
            "rows": change.lines.select_related("line"),
            "tests": [rules.ART67_ZH[rules.Art67Test(t)] for t in change.art67_tests],
            "ballots": change.group_decision.ballots.select_related("member__person")
            if change.group_decision
            else (),
            "vote": vote,
            "congress": congress,
        },
    )
