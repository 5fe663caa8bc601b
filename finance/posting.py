"""One form POST on a record's page (FIN-7, FIN-8): the service acts, or the page comes back.

Valid and accepted → a success message and a redirect to the page. Invalid, or refused by
the service (a DomainError) → the same page again with the bound form, as typed (400): bad
input loses nothing."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core.errors import DomainError


def act_or_redisplay(request, form, act, success, page_url, redisplay):
    """`act(cleaned_data)` calls the service; `redisplay(form)` renders the page with the
    bound form in its place, status 400."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
            return redirect(page_url)
    else:
        messages.error(request, _("Please correct the marked fields."))
    return redisplay(form)
