"""Pages of the ledger (FIN-5, FIN-6, FIN-10). Thin: access, a form, one service, redirect;
a refusal is shown on the form in the reader's language, never a 500."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from committees import access
from committees.models import Body
from core.errors import DomainError
from finance import roles as fin_roles
from finance import rules, selectors, services
from finance.budget.models import Budget, BudgetLine
from finance.budget.views import _can, _fail, _township, open_meetings
from finance.ledger import forms
from finance.ledger.models import LargeExpenditure

PAGE = 50


def _budget(request, township, pk, roles=fin_roles.READERS):
    return access.governed_or_404(
        Budget.objects.select_related("township"),
        request.user,
        pk,
        township=township,
        roles=roles,
    )


def _decided_large(budget):
    return LargeExpenditure.objects.filter(
        budget=budget,
        status=LargeExpenditure.Status.CONTRACTED,
    ).order_by("-id")


@login_required
@require_http_methods(["GET", "POST"])
def ledger(request, slug, pk):
    """The ledger of a budget: its entries (a page at a time, a fixed number of queries
    whatever their number), the lines' balances, and the clerk's entry form."""
    township, roles = _township(request, slug)
    budget = _budget(request, township, pk)
    may_record = _can(roles, fin_roles.RECORDERS)
    form = None
    if may_record:
        form = forms.EntryForm(
            request.POST or None,
            lines=BudgetLine.objects.filter(budget=budget).order_by(
                "direction", "code"
            ),
            large=_decided_large(budget),
            initial={"date": timezone.localdate()},
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.entry_record(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("The entry is recorded."))
            return redirect("finance:ledger", slug=township.slug, pk=budget.pk)
    page = Paginator(selectors.entries_of(budget), PAGE).get_page(
        request.GET.get("page")
    )
    year = budget.year
    figures = selectors.line_figures(
        budget, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    )
    return render(
        request,
        "finance/ledger.html",
        {
            "township": township,
            "budget": budget,
            "page": page,
            "figures": figures,
            "form": form,
            "settings": selectors.settings_of(township),
            "two_lines_basis": rules.TWO_LINES_BASIS,
            "split_basis": rules.SPLIT_BASIS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def large_new(request, slug, pk):
    """FIN-5: propose a large expenditure (held until the enlarged meeting decides)."""
    township, _roles = _township(request, slug)
    budget = _budget(request, township, pk, roles=fin_roles.RECORDERS)
    form = forms.LargeForm(
        request.POST or None,
        lines=BudgetLine.objects.filter(
            budget=budget, direction=BudgetLine.Direction.SPENDING
        ).order_by("code"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            expenditure = services.large_expenditure_propose(
                actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _fail(form, error)
        else:
            return redirect("finance:large", slug=township.slug, pk=expenditure.pk)
    return render(
        request,
        "finance/large_new.html",
        {
            "township": township,
            "budget": budget,
            "form": form,
            "settings": selectors.settings_of(township),
        },
    )


def _large_actions(request, township, expenditure, roles):
    posted = request.POST.get("action") if request.method == "POST" else None

    def bound(name, cls, **kw):
        return cls(request.POST if posted == name else None, prefix=name, **kw)

    decision = selectors.item_decision(expenditure.agenda_item)
    actions = {}
    if expenditure.agenda_item_id is None and _can(roles, fin_roles.STAFF):
        actions["communicate"] = bound("communicate", forms.CommunicateForm)
    if (
        expenditure.agenda_item_id is None
        and expenditure.communicated_on
        and _can(roles, fin_roles.SECRETARY)
    ):
        actions["agenda"] = bound(
            "agenda",
            forms.AgendaForm,
            meetings=open_meetings(township, [Body.Kind.ENLARGED]),
        )
    clerk = _can(roles, fin_roles.RECORDERS)
    if selectors.decision_passed(decision) and clerk:
        if expenditure.contract_signed_on is None:
            actions["contract"] = bound("contract", forms.ContractForm)
        elif expenditure.delivered_on is None:
            actions["deliver"] = bound("deliver", forms.DeliverForm)
    return posted, actions, decision


@login_required
@require_http_methods(["GET", "POST"])
def large_detail(request, slug, pk):
    """FIN-5 / FIN-10: the large expenditure's way: communicated to the secretary, on
    the enlarged meeting's agenda, decided, contract, delivery, payment (SME period)."""
    township, roles = _township(request, slug)
    expenditure = access.governed_or_404(
        LargeExpenditure.objects.select_related(
            "budget", "line", "supplier", "agenda_item__meeting", "township"
        ),
        request.user,
        pk,
        township=township,
        roles=fin_roles.READERS,
    )
    posted, actions, decision = _large_actions(request, township, expenditure, roles)
    form = actions.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "communicate":
                services.large_expenditure_communicate(
                    actor=request.user, expenditure=expenditure, **data
                )
            elif posted == "agenda":
                services.large_expenditure_to_agenda(
                    actor=request.user, expenditure=expenditure, meeting=data["meeting"]
                )
            elif posted == "contract":
                services.large_expenditure_contract(
                    actor=request.user, expenditure=expenditure, **data
                )
            elif posted == "deliver":
                services.large_expenditure_deliver(
                    actor=request.user, expenditure=expenditure, **data
                )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("finance:large", slug=township.slug, pk=expenditure.pk)
    return render(
        request,
        "finance/large.html",
        {
            "township": township,
            "expenditure": expenditure,
            "decision": decision,
            "decision_passed": selectors.decision_passed(decision),
            "entries": expenditure.entries.order_by("date", "id"),
            "period": selectors.payment_period(expenditure),
            "actions": actions,
            "supplier_basis": rules.SUPPLIER_PAYMENT_BASIS,
            "may_pay": selectors.decision_passed(decision)
            and expenditure.contract_signed_on is not None
            and _can(roles, fin_roles.RECORDERS),
        },
    )


@login_required
def large_list(request, slug):
    township, _roles = _township(request, slug)
    return render(
        request,
        "finance/large_list.html",
        {
            "township": township,
            "rows": selectors.large_expenditures(township).order_by("-id"),
            "attempts": selectors.split_attempts(township)[:50],
            "settings": selectors.settings_of(township),
        },
    )
