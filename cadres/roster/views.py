"""The cadre roster: list, .xlsx import (all or nothing) and .xlsx export (issue 4, item 1).

URL names are the app's: `cadres:roster`, `cadres:roster_export`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadres.roles import STAFF_READERS
from cadres.roster import selectors, services
from cadres.roster.forms import RosterImportForm
from committees import access
from core.errors import DomainError
from finance import selectors as finance_selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_http_methods(["GET", "POST"])
def roster(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    may_import = access.has_role(request.user, township, access.TOWNSHIP_STAFF)
    form = RosterImportForm() if may_import else None
    bad_rows = []
    if request.method == "POST":
        if not may_import:
            raise Http404
        form = RosterImportForm(request.POST, request.FILES)
        if form.is_valid():
            rows = []
            try:
                rows = services.roster_parse(form.cleaned_data["file"])
                count = services.roster_import(
                    actor=request.user, township=township, rows=rows
                )
            except DomainError as error:
                bad_rows = [row for row in rows if row.errors]
                # A file that cannot be read is the file's error; bad rows the form's.
                form.add_error(
                    None if bad_rows else "file", ValidationError(str(error))
                )
            else:
                messages.success(
                    request, _("%(count)s people imported.") % {"count": count}
                )
                return redirect("cadres:roster", slug=township.slug)
    people = list(selectors.roster_people(township))
    return render(
        request,
        "cadres/roster.html",
        {
            "township": township,
            "people": people,
            # FIN-7: open audit findings per person (two queries).
            "open_findings": finance_selectors.open_findings_by_person(people),
            "form": form,
            "bad_rows": bad_rows,
        },
    )


@login_required
def roster_export(request, slug):
    township = access.township_for_user(request.user, slug, STAFF_READERS)
    response = HttpResponse(services.roster_export(township), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="roster-{township.slug}.xlsx"'
    )
    return response
