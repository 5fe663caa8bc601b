"""The administrators' trail (SEC-6): what the system admin, the security admin, the auditor
and the server's commands did, for the auditor; and the auditor's own reads of it, for the
security admin. Each read of either screen is itself a line of the trail."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from committees import access, services
from committees.models import AdminAction, SystemRoleGrant

PAGE_SIZE = 50

ROLE_CHOICES = [
    *SystemRoleGrant.Role.choices,
    ("superuser", _("superuser")),
    ("server", _("the server")),
]


class TrailFilter(django_filters.FilterSet):
    actor_role = django_filters.ChoiceFilter(
        label=_("Actor's role"),
        choices=ROLE_CHOICES,
    )
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AdminAction.Action.choices
    )
    who = django_filters.CharFilter(
        label=_("Actor or object"), method="search", max_length=150
    )
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AdminAction
        fields = ["actor_role", "action", "who", "since", "until"]

    def search(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(actor_name__icontains=value) | Q(target__icontains=value)
        )


def _query(request) -> dict:
    return {
        key: value[:150]
        for key, value in request.GET.items()
        if key in TrailFilter.base_filters or key == "page"
    }


def _page(request, queryset, screen: str, title, intro):
    filterset = TrailFilter(request.GET, queryset=queryset)
    rows = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(rows.select_related("actor"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The read is recorded after the page is chosen, so it shows on the next read.
    services.trail_read(actor=request.user, screen=screen, query=_query(request))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "committees/trail.html",
        {
            "title": title,
            "intro": intro,
            "filter": filterset,
            "page": page,
            "query": params.urlencode(),
            "today": datetime.date.today(),
        },
    )


@login_required
@require_GET
def trail(request):
    """The auditor reads every action of the three administrators and of the server."""
    if not access.is_auditor(request.user):
        raise Http404
    return _page(
        request,
        AdminAction.objects.all(),
        "trail",
        _("Administrators' trail"),
        _(
            "Every action of the system admin, the security admin and the auditor, and "
            "every grant made on the server, newest first. Your reads are recorded too."
        ),
    )


@login_required
@require_GET
def trail_reads(request):
    """The security admin reads the auditor's reads of the trail."""
    if not access.is_security_admin(request.user):
        raise Http404
    return _page(
        request,
        AdminAction.objects.filter(
            action=AdminAction.Action.TRAIL_READ,
            actor_role=SystemRoleGrant.Role.AUDITOR,
        ),
        "trail_reads",
        _("The auditor's reads of the trail"),
        _("When the auditor read the administrators' trail, and with which filter."),
    )
