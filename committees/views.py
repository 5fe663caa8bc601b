"""Pages of the organisation: home per role, township overview, rule sets, people, history."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committees import access, panels, selectors, services
from committees.forms import HolidayCorrectionForm, RuleSetForm
from committees.models import HolidayCorrection, Person, RuleSet, Township
from core.display import readable_changes
from core.errors import DomainError


@login_required
def home(request):
    user = request.user
    roles_by_township = access.township_roles(user)
    townships = list(access.townships_for_user(user))
    sections = []
    for township in townships:
        roles = roles_by_township.get(township.pk, frozenset())
        if roles == {access.Role.COUNTY_REVIEWER}:
            continue  # a reviewer's townships are listed below, not as workplaces
        sections.append(
            {
                "township": township,
                "roles": access.role_labels(roles),
                "panels": panels.panels_for(request, township, roles),
                "nav": panels.nav_for(roles),
            }
        )
    reviewed = [
        t for t in townships if access.Role.COUNTY_REVIEWER in roles_by_township[t.pk]
    ]
    counties = list(access.counties_reviewed(user)) if reviewed else []
    return render(
        request,
        "committees/home.html",
        {
            "sections": sections,
            "reviewed_townships": reviewed,
            "county_panels": panels.county_panels_for(request, counties)
            if counties
            else [],
            "system_roles": access.system_roles(user),
            "today": timezone.localdate(),
        },
    )


@login_required
def township_detail(request, slug):
    township = access.township_for_user(request.user, slug)
    today = timezone.localdate()
    roles = access.roles_in(request.user, township)
    rule_set, thresholds = selectors.thresholds_on(township, today)
    members = list(selectors.committee_members_on(township, today))
    return render(
        request,
        "committees/township_detail.html",
        {
            "township": township,
            "members": members,
            "rule_set": rule_set,
            "thresholds": _threshold_rows(thresholds, len(members)),
            "roles": access.role_labels(roles),
            "nav": panels.nav_for(roles),
            "today": today,
            "may_read_history": access.may_read_history(request.user, township),
        },
    )


@login_required
def township_people(request, slug):
    township = access.township_for_user(request.user, slug)
    people = (
        access.scope(Person.objects.all(), request.user)
        .filter(township=township, active=True)
        .order_by("kind", "name")
    )
    return render(
        request, "committees/people.html", {"township": township, "people": people}
    )


@login_required
@require_http_methods(["GET", "POST"])
def township_rules(request, slug):
    township = access.township_for_user(request.user, slug)
    may_edit = access.has_role(request.user, township, access.SECRETARY_ONLY)
    form = RuleSetForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise Http404
        if form.is_valid():
            try:
                rule_set = services.rule_set_create(
                    actor=request.user,
                    township=township,
                    effective_from=form.cleaned_data["effective_from"],
                    thresholds=form.thresholds(),
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                form.add_error(None, ValidationError(str(error)))
            else:
                messages.success(
                    request,
                    _("Rule set version %(v)s saved.") % {"v": rule_set.version},
                )
                return redirect("committees:rules", slug=township.slug)
    versions = (
        RuleSet.objects.filter(township=township)
        .prefetch_related("threshold_rows")
        .order_by("-effective_from", "-version")
    )
    members = selectors.committee_members_on(township, timezone.localdate()).count()
    return render(
        request,
        "committees/rules.html",
        {
            "township": township,
            "versions": [
                (v, _threshold_rows(v.thresholds(), members)) for v in versions
            ],
            "form": form,
            "members": members,
        },
    )


def _threshold_rows(thresholds, members: int) -> list[dict]:
    from committees.rules import describe_zh

    return [
        {"kind": kind, "text": describe_zh(t), "needed": t.needed(members, members)}
        for kind, t in thresholds.items()
    ]


# Models whose history pages exist: every business model keeps `township` (or is one).
def _history_target(model_label: str, pk: int):
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not hasattr(model, "history") or model._meta.app_label in {"auth", "core"}:
        raise Http404
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        # A deleted record's history stays readable to auditors.
        obj = model.history.filter(id=pk).order_by("-history_date").first()
    if obj is None:
        raise Http404
    return model, obj


def _township_of(model, obj) -> int | None:
    """The township a record (live or historical row) belongs to; None for county data."""
    if model is Township:
        return obj.id  # `.id` on both: a historical row's pk is its history_id
    return getattr(obj, "township_id", None)


@login_required
def record_history(request, model_label, pk):
    """AUD-1: who changed what, when, and why. Auditors, and the record's township staff."""
    model, obj = _history_target(model_label, pk)
    township_id = _township_of(model, obj)
    if not access.may_read_history(request.user, township_id):
        raise Http404
    if access.is_auditor(request.user):  # SEC-6: the auditor's reads are in the trail
        services.trail_read(
            actor=request.user,
            screen="history",
            query={"record": model_label, "pk": pk},
        )
    rows = list(
        model.history.filter(id=pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    entries = []
    previous = None
    for row in rows:
        changes = []
        if previous is not None:
            # Fields by their verbose names, values as people read them (issue 15).
            changes = readable_changes(model, row.diff_against(previous))
        entries.append({"row": row, "changes": changes})
        previous = row
    entries.reverse()
    return render(
        request,
        "committees/history.html",
        {
            "object": obj,
            "model_name": model._meta.verbose_name,
            "entries": entries,
        },
    )


@login_required
def audit_log(request):
    """The auditor's view across every business model: the latest changes first."""
    if not access.is_auditor(request.user):
        raise Http404
    services.trail_read(actor=request.user, screen="audit_log", query={})  # SEC-6
    from core.audit import business_models

    recent = []
    for model in business_models():
        label = model._meta.label_lower
        recent.extend(
            {"row": row, "label": label}
            for row in model.history.select_related("history_user").order_by(
                "-history_date"
            )[:50]
        )
    recent.sort(key=lambda entry: entry["row"].history_date, reverse=True)
    return render(
        request,
        "committees/audit_log.html",
        {"rows": recent[:200], "integrity": _integrity_summary()},
    )


def _integrity_summary() -> dict | None:
    """AUD-2: the last check of the seals, its breaches in words."""
    from core import integrity
    from core.models import IntegrityCheck

    check = IntegrityCheck.objects.first()
    if check is None:
        return None
    names = dict(Township.objects.values_list("pk", "name"))
    breaches = []
    for breach in check.breaches:
        row = integrity.describe(breach)
        row["township"] = names.get(row["township_id"], row["township_id"])
        breaches.append(row)
    return {"check": check, "breaches": breaches}


@login_required
@require_POST
def integrity_check(request):
    """AUD-2: the auditor runs the check of every seal now (it also runs nightly)."""
    if not access.is_auditor(request.user):
        raise Http404
    from core import integrity

    check = integrity.check_and_record()
    if check.breaches:
        messages.error(
            request,
            _("Integrity check: %(n)s breaches found.") % {"n": len(check.breaches)},
        )
    else:
        messages.success(
            request,
            _("Integrity check: %(n)s seals, all intact.") % {"n": check.seals},
        )
    return redirect("committees:audit_log")


@login_required
@require_http_methods(["GET", "POST"])
def holidays(request, pk):
    """The county's corrections of the holiday calendar (county reviewers)."""
    county = access.county_for_reviewer(request.user, pk)
    form = HolidayCorrectionForm()
    if request.method == "POST":
        form = HolidayCorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.holiday_correction_set(
                    actor=request.user, county=county, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, ValidationError(str(error)))
            else:
                messages.success(request, _("Saved."))
                return redirect("committees:holidays", pk=county.pk)
    return render(
        request,
        "committees/holidays.html",
        {
            "county": county,
            "corrections": HolidayCorrection.objects.filter(county=county)
            .select_related("entered_by")
            .order_by("-date"),
            "form": form,
        },
    )
