"""Pages of the final accounts (FIN-8). Thin: access, one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import access
from core.errors import DomainError
from core.uploads import download
from finance import posting
from finance import selectors as finance_selectors
from finance.accounts import forms, selectors, services
from finance.budget.models import BudgetLine

STAFF = access.TOWNSHIP_STAFF


@login_required
@require_http_methods(["GET", "POST"])
def accounts_list(request, slug):
    township = access.township_for_user(request.user, slug, selectors.READERS)
    form = None
    if access.has_role(request.user, township, STAFF):
        form = forms.DrawForm(
            request.POST or None, initial={"year": timezone.localdate().year - 1}
        )
        if request.method == "POST" and form.is_valid():
            try:
                accounts = services.final_accounts_draw(
                    actor=request.user, township=township, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, ValidationError(str(error)))
            else:
                messages.success(request, _("Final accounts drawn from the ledger."))
                return redirect(
                    "finance:final_accounts_detail", slug=slug, pk=accounts.pk
                )
    elif request.method == "POST":
        access.require(request.user, township, STAFF)
    return render(
        request,
        "finance/reports/accounts_list.html",
        {
            "township": township,
            "states": selectors.accounts_states(township),
            "form": form,
        },
    )


def _amount(value) -> str:
    return f"{value:,.2f}"  # yuan, to the fen, grouped (the header says 元)


def _printed(figures, line) -> dict:
    return {
        "code": line.code,
        "name": line.name,
        "approved": _amount(figures.approved),
        "adjusted": _amount(figures.adjusted),
        "actual_ytd": _amount(figures.actual_ytd),
        "balance": _amount(figures.balance),
    }


def _printed_total(total: dict) -> dict:
    return {
        key: _amount(total[key])
        for key in ("approved", "adjusted", "actual_ytd", "balance")
    }


def _accounts(request, slug, pk, roles=selectors.READERS):
    township = access.township_for_user(request.user, slug, roles)
    return township, selectors.accounts_for_user(
        request.user, pk, township=township, roles=roles
    )


@login_required
def accounts_detail(request, slug, pk):
    township, accounts = _accounts(request, slug, pk)
    return _detail(request, township, accounts)


def _detail(request, township, accounts, bound=None, status=200):
    """The final accounts' page; `bound` = {context key: bound form} keeps what was typed
    in a form the service refused or that did not validate (nothing is lost)."""
    bound = bound or {}
    staff = access.has_role(request.user, township, STAFF)
    figures = selectors.year_figures(township, accounts.year)
    sections = [
        (
            direction.label,
            [_printed(f, f.line) for f in figures if f.line.direction == direction],
            _printed_total(finance_selectors.totals(figures, direction)),
        )
        for direction in (
            BudgetLine.Direction.REVENUE,
            BudgetLine.Direction.SPENDING,
        )
    ]
    state = selectors.accounts_state(accounts)
    return render(
        request,
        "finance/reports/accounts_detail.html",
        {
            "township": township,
            "accounts": accounts,
            "state": state,
            "sections": [s for s in sections if s[1]],
            "approval_form": bound.get("approval_form") or forms.ApprovalForm()
            if staff and not accounts.congress_approved_on
            else None,
            "filing_form": bound.get("filing_form") or forms.FilingForm()
            if staff and accounts.congress_approved_on and not accounts.filed_on
            else None,
            "may_publish": staff
            and accounts.congress_approved_on
            and not accounts.published_on,
        },
        status=status,
    )


_FORM_KEYS = {"ApprovalForm": "approval_form", "FilingForm": "filing_form"}


def _post(request, slug, pk, form_class, call, success):
    township, accounts = _accounts(request, slug, pk, STAFF)
    key = _FORM_KEYS[form_class.__name__]
    return posting.act_or_redisplay(
        request,
        form_class(request.POST, request.FILES),
        lambda data: call(accounts, data),
        success,
        reverse("finance:final_accounts_detail", args=[slug, pk]),
        lambda form: _detail(
            request, township, accounts, bound={key: form}, status=400
        ),
    )


@login_required
@require_POST
def accounts_approval(request, slug, pk):
    return _post(
        request,
        slug,
        pk,
        forms.ApprovalForm,
        lambda accounts, data: services.final_accounts_approval_record(
            actor=request.user, accounts=accounts, **data
        ),
        _("The congress's approval is recorded."),
    )


@login_required
def accounts_file(request, slug, pk):
    _township, accounts = _accounts(request, slug, pk)
    return download(accounts.approved_file)


@login_required
@require_POST
def accounts_filing(request, slug, pk):
    return _post(
        request,
        slug,
        pk,
        forms.FilingForm,
        lambda accounts, data: services.final_accounts_filing_record(
            actor=request.user, accounts=accounts, **data
        ),
        _("The filing with the county is recorded."),
    )


@login_required
@require_POST
def accounts_publish(request, slug, pk):
    _township, accounts = _accounts(request, slug, pk, STAFF)
    try:
        services.final_accounts_publish(actor=request.user, accounts=accounts)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The final accounts are published in the column."))
    return redirect("finance:final_accounts_detail", slug=slug, pk=pk)
