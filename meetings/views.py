"""Pages of the decision-making mechanism. Thin: access helper, one service call, redirect.

Every lookup goes through committees.access: another township's meeting is a 404 (SEC-1).
Domain refusals are shown as messages, never as a 500.
"""

from __future__ import annotations

import datetime

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import access
from committees import selectors as org
from committees.fields import pk_or_none
from core.errors import DomainError
from core.uploads import download
from meetings import errors, forms, rules, selectors, services
from meetings.models import (
    AgendaItem,
    Ballot,
    Decision,
    Material,
    Meeting,
    MinutesVersion,
    Participant,
)

STAFF = access.TOWNSHIP_STAFF
PARTICIPANT_ROLES = access.READERS - {access.Role.COUNTY_REVIEWER}
CALENDAR_SALT = "meetings.calendar"


MEETINGS = Meeting.objects.select_related("body", "convener", "township")


def _meeting(request, slug, pk, roles=access.READERS) -> tuple:
    """The URL's township and its meeting, for a user holding one of `roles`, or 404."""
    township = access.township_for_user(request.user, slug, roles)
    meeting = access.governed_or_404(
        MEETINGS, request.user, pk, township=township, roles=roles
    )
    return township, meeting


def _of_meeting(request, model, meeting, pk):
    """A row of `model` belonging to `meeting` (an item, a material), or 404."""
    return access.governed_or_404(
        model.objects.filter(meeting=meeting),
        request.user,
        pk,
        township=meeting.township_id,
    )


def _run(request, action, success: str) -> bool:
    """Call a service; show its refusal (DomainError) or a bad input as a message."""
    try:
        action()
    except DomainError as error:
        messages.error(request, str(error))
        return False
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def _confirm_first(
    request,
    meeting,
    *,
    title: str,
    button: str,
    consequence: str,
    cancel: str,
    subject: str = "",
    facts=(),
    keep=(),
):
    """An irreversible action asks once, without JavaScript too: a POST without
    `confirm=1` renders the confirmation page (what will happen, what cannot be undone),
    whose form posts the same data again with `confirm=1`; that second POST acts.
    Returns the page to render, or None when the POST is the confirmed one."""
    if request.POST.get("confirm") == "1":
        return None
    return render(
        request,
        "meetings/confirm.html",
        {
            "township": meeting.township,
            "meeting": meeting,
            "confirm_title": title,
            "confirm_button": button,
            "consequence": consequence,
            "subject": subject,
            "facts": list(facts),
            "kept": [(name, request.POST.get(name, "")) for name in keep],
            "action_url": request.path,
            "cancel_url": cancel,
        },
    )


def _form_errors(request, form) -> None:
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)


# -- list, schedule, detail --------------------------------------------------------------


@login_required
def meeting_list(request, slug):
    township = access.township_for_user(request.user, slug)
    meetings = selectors.meetings_of(township).order_by("-start")
    feed = request.build_absolute_uri(
        reverse(
            "meetings:calendar",
            args=[calendar_token(request.user)],
        )
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "township": township,
            "meetings": meetings,
            "may_schedule": access.has_role(request.user, township, STAFF),
            "feed": feed,
            # The same address for calendar apps: webcal:// opens a subscription.
            "webcal": "webcal://" + feed.split("://", 1)[1],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request, slug):
    township = access.township_for_user(request.user, slug, STAFF)
    people = org.people_of(township)
    form = forms.MeetingForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=request.user,
                township=township,
                body_kind=data["body_kind"],
                title=data["title"],
                start=data["start"],
                place=data["place"],
                convener=data["convener"],
                invitees=data["invitees"],
                recorded_afterwards=data["recorded_afterwards"],
            )
        except DomainError as error:
            # DEC-2: a start in the past is refused beside the start; what was typed stays.
            timing = (errors.MeetingInThePast, errors.PastMeetingInTheFuture)
            form.add_error("start" if isinstance(error, timing) else None, str(error))
        else:
            messages.success(
                request,
                _("Past meeting recorded (catching up).")
                if data["recorded_afterwards"]
                else _("Meeting scheduled."),
            )
            return redirect("meetings:detail", slug=slug, pk=meeting.pk)
    return render(
        request, "meetings/meeting_form.html", {"township": township, "form": form}
    )


@login_required
def meeting_detail(request, slug, pk):
    township, meeting = _meeting(request, slug, pk)
    return _detail_page(request, township, meeting)


def _detail_page(request, township, meeting, *, item_form=None):
    """The meeting page; `item_form` is a bound "propose an item" form to show again
    with what was typed and its errors."""
    roles = access.roles_in(request.user, township)
    person = getattr(request.user, "person", None)
    participant = (
        Participant.objects.filter(meeting=meeting, person=person).first()
        if person
        else None
    )
    context = selectors.meeting_detail(meeting)
    if roles & STAFF:
        # One form per major item, each with its own prefix (unique ids on the page).
        for row in context["items"]:
            row["prep_form"] = forms.PreparationForm(prefix=f"prep{row['item'].pk}")
    my_receipt = next(
        (
            r
            for r in context["receipts"]
            if participant and r.participant_id == participant.pk
        ),
        None,
    )
    is_staff = bool(roles & STAFF)
    verdicts = selectors.meeting_verdicts(
        meeting,
        request.user,
        items=[row["item"] for row in context["items"]],
        missing={row["item"].pk: row["missing"] for row in context["items"]},
    )
    for row in context["items"]:
        row["verdicts"] = verdicts.item(row["item"])
    if not verdicts.may_propose_item:
        item_form = None
    elif item_form is None:
        item_form = forms.ItemForm(
            people=org.people_of(township),
            decisions=selectors.decision_register(township),
        )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "township": township,
            "meeting": meeting,
            **context,
            "is_staff": is_staff,
            "verdicts": verdicts,
            "item_form": item_form,
            "reschedule_form": forms.RescheduleForm(prefix="reschedule")
            if is_staff
            else None,
            "material_form": forms.MaterialForm(prefix="material")
            if is_staff
            else None,
            "materials": meeting.materials.select_related("item").order_by(
                "uploaded_at"
            ),
            "my_receipt": my_receipt,
            "unprepared": [row for row in context["items"] if row["missing"]],
        },
    )


@login_required
@require_POST
def item_propose(request, slug, pk):
    township, meeting = _meeting(request, slug, pk, access.SECRETARY_ONLY)
    form = forms.ItemForm(
        request.POST,
        people=org.people_of(township),
        decisions=selectors.decision_register(township),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_item_propose(
                actor=request.user,
                meeting=meeting,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                requires_alternatives=data["requires_alternatives"],
                requires_expert=data["requires_expert"],
                nominees=data["nominees"],
                target_decision=data["target_decision"],
                change=data["change"],
            )
        except DomainError as error:
            # The refusal beside the field it concerns; what was typed stays.
            field = _PROPOSAL_FIELD.get(type(error))
            form.add_error(field, str(error))
            if field is None:
                messages.error(request, str(error))
        else:
            messages.success(request, _("Item proposed."))
            return redirect("meetings:detail", slug=slug, pk=pk)
    elif meeting.status != Meeting.Status.SCHEDULED:
        # DEC-2: refused however it is sent, even malformed: the service records the attempt.
        _run(
            request,
            lambda: services.agenda_item_propose(
                actor=request.user,
                meeting=meeting,
                title=request.POST.get("title", "")[:200],
            ),
            "",
        )
        return redirect("meetings:detail", slug=slug, pk=pk)
    return _detail_page(request, township, meeting, item_form=form)


_PROPOSAL_FIELD = {
    errors.PersonnelItemNeedsNominee: "nominees",
    errors.WrongDecisionChange: "target_decision",
    errors.DecisionAlreadyRevoked: "target_decision",
    errors.PersonNotOfTownship: "nominees",
}


@login_required
@require_POST
def agenda_fix(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    if _run(
        request,
        lambda: services.agenda_fix(actor=request.user, meeting=meeting),
        _("Agenda fixed."),
    ):
        # DEC-9: a major item not yet prepared cannot be voted: say so now, by name.
        for item, missing in selectors.preparation_gaps(meeting):
            messages.warning(
                request,
                _(
                    "Item %(order)s “%(title)s” is a major item whose preparation is "
                    "incomplete: it cannot be voted until %(missing)s are on record."
                )
                % {
                    "order": item.order,
                    "title": item.title,
                    "missing": "、".join(missing),
                },
            )
    return redirect("meetings:detail", slug=slug, pk=pk)


@login_required
@require_POST
def notice_send(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    if selectors.meeting_verdicts(meeting, request.user).may_send_notice:
        page = _confirm_first(
            request,
            meeting,
            title=_("Send the notice"),
            button=_("Yes, send the notice"),
            consequence=_(
                "The notice goes to every participant now, with the agenda and its "
                "materials. After it no item may be added or changed (no ad-hoc "
                "motions): an added item needs the agenda reopened and a new notice, a "
                "full notice period ahead."
            ),
            facts=[
                _("Starts at %(start)s, %(place)s")
                % {
                    "start": timezone.localtime(meeting.start).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                    "place": meeting.place,
                },
                _("%(count)s items on the agenda") % {"count": meeting.items.count()},
                _("%(count)s participants") % {"count": meeting.participants.count()},
            ],
            cancel=reverse("meetings:detail", args=[slug, pk]),
        )
        if page is not None:
            return page
    _run(
        request,
        lambda: services.notice_send(actor=request.user, meeting=meeting),
        _("Notice sent to every participant."),
    )
    return redirect("meetings:detail", slug=slug, pk=pk)


@login_required
@require_POST
def agenda_reopen(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    _run(
        request,
        lambda: services.agenda_reopen(actor=request.user, meeting=meeting),
        _("Agenda reopened: fix it and send a new notice, a full notice period ahead."),
    )
    return redirect("meetings:detail", slug=slug, pk=pk)


@login_required
@require_POST
def meeting_reschedule(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    form = forms.RescheduleForm(request.POST, prefix="reschedule")
    if form.is_valid():
        _run(
            request,
            lambda: services.meeting_reschedule(
                actor=request.user,
                meeting=meeting,
                start=form.cleaned_data["start"],
                place=form.cleaned_data["place"],
            ),
            _("Meeting rescheduled."),
        )
    else:
        _form_errors(request, form)
    return redirect("meetings:detail", slug=slug, pk=pk)


@login_required
@require_POST
def receipt_record(request, slug, pk):
    township, meeting = _meeting(request, slug, pk, PARTICIPANT_ROLES)
    participant = None
    chosen = pk_or_none(request.POST.get("participant"))  # SEC-3: "x" is no 500
    if access.has_role(request.user, township, STAFF) and chosen:
        participant = Participant.objects.filter(meeting=meeting, pk=chosen).first()
    _run(
        request,
        lambda: services.notice_receipt_record(
            actor=request.user, meeting=meeting, participant=participant
        ),
        _("Receipt of the notice recorded."),
    )
    return redirect("meetings:detail", slug=slug, pk=pk)


@login_required
@require_POST
def preparation_add(request, slug, pk, item_pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    item = _of_meeting(request, AgendaItem, meeting, item_pk)
    form = forms.PreparationForm(request.POST, request.FILES, prefix=f"prep{item.pk}")
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.preparation_add(
                actor=request.user,
                item=item,
                step=data["step"],
                title=data["title"],
                text=data["text"],
                attachment=data["attachment"],
            ),
            _("Preparation recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect(reverse("meetings:detail", args=[slug, pk]) + f"#item-{item.pk}")


@login_required
@require_POST
def material_add(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    form = forms.MaterialForm(request.POST, request.FILES, prefix="material")
    if form.is_valid():
        _run(
            request,
            lambda: services.material_add(
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            ),
            _("Material uploaded."),
        )
    else:
        _form_errors(request, form)
    return redirect(reverse("meetings:detail", args=[slug, pk]) + "#materials")


@login_required
def material_download(request, slug, pk, material_pk):
    _township, meeting = _meeting(request, slug, pk)
    material = _of_meeting(request, Material, meeting, material_pk)
    return download(material.file)


# -- the live meeting screen --------------------------------------------------------------


@login_required
def meeting_live(request, slug, pk):
    township, meeting = _meeting(request, slug, pk)
    roles = access.roles_in(request.user, township)
    screen = selectors.meeting_screen(meeting)
    verdicts = selectors.meeting_verdicts(
        meeting,
        request.user,
        items=[row["item"] for row in screen["items"]],
        missing={row["item"].pk: row["missing"] for row in screen["items"]},
        quorum=screen["quorum"],
    )
    for row in screen["items"]:
        row["verdicts"] = verdicts.item(row["item"])
        if not row["verdicts"].may_correct:
            continue
        for group in row["groups"]:
            for vote in group["votes"]:
                if vote["correctable"]:
                    # DEC-6: one small form per ballot, its own prefix (unique ids).
                    vote["fix_form"] = forms.BallotCorrectionForm(
                        prefix=f"fix{vote['ballot'].pk}",
                        choices=[
                            c for c in row["choices"] if c != vote["ballot"].choice
                        ],
                    )
    return render(
        request,
        "meetings/meeting_live.html",
        {
            "township": township,
            "meeting": meeting,
            **screen,
            "is_staff": bool(roles & STAFF),
            "verdicts": verdicts,
        },
    )


def _live(slug, pk, anchor=""):
    return redirect(reverse("meetings:live", args=[slug, pk]) + anchor)


@login_required
@require_POST
def meeting_open(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    _run(
        request,
        lambda: services.meeting_open(actor=request.user, meeting=meeting),
        _("Meeting opened."),
    )
    return _live(slug, pk)


@login_required
@require_POST
def meeting_close(request, slug, pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    if selectors.meeting_verdicts(meeting, request.user).may_close:
        page = _confirm_first(
            request,
            meeting,
            title=_("Close the meeting"),
            button=_("Yes, close the meeting"),
            consequence=_(
                "The meeting closes: no arrival, ballot or item is recorded after it. "
                "The minutes are drafted next."
            ),
            cancel=reverse("meetings:live", args=[slug, pk]),
        )
        if page is not None:
            return page
    if _run(
        request,
        lambda: services.meeting_close(actor=request.user, meeting=meeting),
        _("Meeting closed."),
    ):
        return redirect("meetings:minutes", slug=slug, pk=pk)
    return _live(slug, pk)


@login_required
@require_POST
def attendance(request, slug, pk):
    township, meeting = _meeting(request, slug, pk, STAFF)
    form = forms.PersonForm(request.POST, township=township)
    if form.is_valid():
        person = form.cleaned_data["person"]
        service = (
            services.attendance_depart
            if request.POST.get("kind") == "depart"
            else services.attendance_arrive
        )
        _run(
            request,
            lambda: service(actor=request.user, meeting=meeting, person=person),
            _("Attendance recorded: %(name)s.") % {"name": person.name},
        )
    else:
        _form_errors(request, form)
    return _live(slug, pk, "#attendance")


@login_required
@require_POST
def ballot_cast(request, slug, pk, item_pk):
    township, meeting = _meeting(request, slug, pk, STAFF | {access.Role.MEMBER})
    item = _of_meeting(request, AgendaItem, meeting, item_pk)
    form = forms.BallotForm(request.POST, township=township)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.ballot_cast(
                actor=request.user,
                item=item,
                voter=data["voter"],
                nominee=data["nominee"],
                choice=data["choice"],
            ),
            _("Ballot recorded: %(name)s.") % {"name": data["voter"].name},
        )
    else:
        _form_errors(request, form)
    return _live(slug, pk, f"#item-{item.pk}")


@login_required
@require_POST
def ballot_correct(request, slug, pk, item_pk, ballot_pk):
    """DEC-6: the clerk corrects a mis-entered ballot, with a reason, before the close."""
    _township, meeting = _meeting(request, slug, pk, STAFF)
    item = _of_meeting(request, AgendaItem, meeting, item_pk)
    ballot = access.governed_or_404(
        Ballot.objects.filter(item=item).select_related("voter"),
        request.user,
        ballot_pk,
        township=meeting.township_id,
    )
    form = forms.BallotCorrectionForm(request.POST, prefix=f"fix{ballot.pk}")
    if form.is_valid():
        _run(
            request,
            lambda: services.ballot_correct(
                actor=request.user,
                ballot=ballot,
                choice=form.cleaned_data["choice"],
                reason=form.cleaned_data["reason"],
            ),
            _("Ballot corrected: %(name)s.") % {"name": ballot.voter.name},
        )
    else:
        _form_errors(request, form)
    return _live(slug, pk, f"#item-{item.pk}")


@login_required
@require_POST
def item_close(request, slug, pk, item_pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    item = _of_meeting(request, AgendaItem, meeting, item_pk)
    verdict = selectors.meeting_verdicts(meeting, request.user).item(item).may_close
    if verdict:  # a refused close (below quorum: recorded, DEC-3) is not asked about
        page = _confirm_first(
            request,
            meeting,
            title=_("Close the item"),
            button=_("Yes, close the item"),
            subject=f"{item.order}. {item.title}",
            consequence=(
                _(
                    "The tally is computed with the rule in force and sealed with its "
                    "ballots: no ballot is cast or corrected after it."
                )
                if item.is_voted and meeting.body.decides
                else _("The item is recorded as heard, with its discussion record.")
            ),
            facts=selectors.ballot_summary(item)
            if item.is_voted and meeting.body.decides
            else [],
            keep=("discussion",),
            cancel=reverse("meetings:live", args=[slug, pk]) + f"#item-{item.pk}",
        )
        if page is not None:
            return page
    _run(
        request,
        lambda: services.item_close(
            actor=request.user, item=item, discussion=request.POST.get("discussion", "")
        ),
        _("Item closed."),
    )
    return _live(slug, pk, f"#item-{item.pk}")


@login_required
@require_POST
def item_postpone(request, slug, pk, item_pk):
    _township, meeting = _meeting(request, slug, pk, STAFF)
    item = _of_meeting(request, AgendaItem, meeting, item_pk)
    _run(
        request,
        lambda: services.item_postpone(actor=request.user, item=item),
        _("Vote postponed: the item returns on a later agenda."),
    )
    return _live(slug, pk, f"#item-{item.pk}")


# -- decisions, emergencies ----------------------------------------------------------------


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"), choices=AgendaItem.Kind.choices
    )
    outcome = django_filters.ChoiceFilter(
        label=gettext_lazy("Outcome"), choices=Decision.Outcome.choices
    )
    # SEC-3: a year outside the register's range is a field error, not a 500 (year 0 or
    # 10000 is no date; a 30-digit one overflows the database's integer).
    year = django_filters.NumberFilter(
        label=gettext_lazy("Year"),
        field_name="decided_at",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
        decimal_places=0,
    )

    class Meta:
        model = Decision
        fields = ["q", "kind", "outcome", "year"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(meeting__title__icontains=value)
        )


@login_required
def decision_register(request, slug):
    township = access.township_for_user(request.user, slug)
    filterset = DecisionFilter(
        request.GET or None, queryset=selectors.decision_register(township)
    )
    decisions = list(filterset.qs[:500])
    passed = {d.pk for d in decisions if d.outcome == Decision.Outcome.PASSED}
    return render(
        request,
        "meetings/decision_register.html",
        {
            "township": township,
            "filter": filterset,
            "decisions": decisions,
            "passed": passed,  # the badge's colour: no outcome string in the template
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergencies(request, slug):
    township = access.township_for_user(request.user, slug)
    is_staff = access.has_role(request.user, township, STAFF)
    people = org.people_of(township)
    form = (
        forms.EmergencyForm(request.POST or None, people=people) if is_staff else None
    )
    if request.method == "POST":
        if not is_staff:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            if _run(
                request,
                lambda: services.emergency_decision_record(
                    actor=request.user, township=township, **data
                ),
                _("Emergency decision recorded; it goes on the next committee agenda."),
            ):
                return redirect("meetings:emergencies", slug=slug)
    overdue = {e.pk for e in selectors.overdue_emergency_decisions(township).records}
    rows = (
        township.emergency_decisions.select_related("decided_by")
        .prefetch_related("report_items__meeting")
        .order_by("-decided_at")
    )
    return render(
        request,
        "meetings/emergencies.html",
        {"township": township, "rows": rows, "overdue": overdue, "form": form},
    )


# -- minutes ----------------------------------------------------------------------------------


@login_required
@require_GET
def minutes(request, slug, pk):
    """DEC-11: the versions of the minutes; each operation below has its own POST view."""
    township, meeting = _meeting(request, slug, pk)
    versions = list(
        MinutesVersion.objects.filter(minutes__meeting=meeting).select_related(
            "signed_by", "drafted_by"
        )
    )
    latest = versions[0] if versions else None
    verdicts = selectors.minutes_verdicts(meeting, request.user, versions)
    draft_form = None
    if verdicts.may_draft:
        initial = latest.text if latest else _suggested_text(meeting)
        draft_form = forms.MinutesForm(initial={"text": initial})
    correct_form = None
    if verdicts.may_correct:
        correct_form = forms.CorrectionForm(initial={"text": latest.text})
    return render(
        request,
        "meetings/minutes.html",
        {
            "township": township,
            "meeting": meeting,
            "versions": [
                {"version": v, "is_locked": verdicts.is_locked(v)} for v in versions
            ],
            "latest": latest,
            "verdicts": verdicts,
            "draft_form": draft_form,
            "correct_form": correct_form,
        },
    )


def _to_minutes(slug, pk):
    return redirect("meetings:minutes", slug=slug, pk=pk)


def _minutes_version(meeting, number, **filters) -> MinutesVersion:
    """Version `number` of a meeting already fetched through the access helper."""
    return get_object_or_404(
        MinutesVersion, minutes__meeting=meeting, number=number, **filters
    )


@login_required
@require_POST
def minutes_draft(request, slug, pk):
    """DEC-11: save the draft (the first one starts the minutes)."""
    _township, meeting = _meeting(request, slug, pk, STAFF)
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.minutes_draft(
                actor=request.user, meeting=meeting, text=form.cleaned_data["text"]
            ),
            _("Minutes saved."),
        )
    else:
        _form_errors(request, form)
    return _to_minutes(slug, pk)


@login_required
@require_POST
def minutes_sign(request, slug, pk, number):
    """DEC-11: the secretary signs the draft off."""
    _township, meeting = _meeting(request, slug, pk, access.SECRETARY_ONLY)
    version = _minutes_version(meeting, number)
    _run(
        request,
        lambda: services.minutes_sign(actor=request.user, version=version),
        _("Minutes signed off."),
    )
    return _to_minutes(slug, pk)


@login_required
@require_POST
def minutes_lock(request, slug, pk, number):
    """DEC-11: the secretary locks the signed minutes; the PDF follows (a task)."""
    _township, meeting = _meeting(request, slug, pk, access.SECRETARY_ONLY)
    version = _minutes_version(meeting, number)
    if rules.minutes_lock_refusal(version_status=version.status) is None:
        page = _confirm_first(
            request,
            meeting,
            title=_("Lock the minutes"),
            button=_("Yes, lock the minutes"),
            subject=_("Version %(n)s") % {"n": version.number},
            consequence=_(
                "Locked minutes do not change: they are sealed and filed as a PDF. A "
                "correction after it is a new version with a reason."
            ),
            cancel=reverse("meetings:minutes", args=[slug, pk]),
        )
        if page is not None:
            return page
    _run(
        request,
        lambda: services.minutes_lock(actor=request.user, version=version),
        _("Minutes locked."),
    )
    return _to_minutes(slug, pk)


@login_required
@require_POST
def minutes_correct(request, slug, pk, number):
    """DEC-11: a correction of locked minutes is a new version with a reason."""
    _township, meeting = _meeting(request, slug, pk, STAFF)
    version = _minutes_version(meeting, number)
    form = forms.CorrectionForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.minutes_correct(
                actor=request.user,
                version=version,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            ),
            _("Correction started as a new version."),
        )
    else:
        _form_errors(request, form)
    return _to_minutes(slug, pk)


def _suggested_text(meeting) -> str:
    items = meeting.items.select_related("decision").order_by("order")
    lines = [
        _("The meeting was chaired by %(name)s.") % {"name": meeting.convener or "—"}
    ]
    for item in items:
        decision = getattr(item, "decision", None)
        outcome = (
            decision.get_outcome_display() if decision else item.get_status_display()
        )
        lines.append(f"{item.order}. {item.title}：{outcome}")
    return "\n".join(lines)


@login_required
def minutes_pdf_status(request, slug, pk, number):
    """DEC-11: the PDF link of a locked version, or "being prepared" (the page polls it).

    In production the PDF is rendered by a Celery worker after the lock commits, so the
    minutes page shows "being prepared" until it is stored. The embedded default (dev
    settings without REDIS_URL) runs Celery eagerly: there the PDF is rendered after
    commit inside the locking request, and the page the redirect leads to has the link.
    """
    township, meeting = _meeting(request, slug, pk)
    version = _minutes_version(meeting, number, status=MinutesVersion.Status.LOCKED)
    return render(
        request,
        "meetings/partials/minutes_pdf.html",
        {"township": township, "meeting": meeting, "v": version},
    )


@login_required
def minutes_pdf(request, slug, pk, number):
    _township, meeting = _meeting(request, slug, pk)
    version = _minutes_version(meeting, number, status=MinutesVersion.Status.LOCKED)
    if not version.pdf:
        raise Http404
    return FileResponse(
        version.pdf.open("rb"),
        as_attachment=True,
        filename=f"minutes-{meeting.pk}-v{version.number}.pdf",
        content_type="application/pdf",
    )


# -- calendar ---------------------------------------------------------------------------------


def _password_stamp(user) -> str:
    """Changes with the password: a new password revokes every calendar link given out."""
    return salted_hmac(CALENDAR_SALT, user.password).hexdigest()[:16]


def calendar_token(user) -> str:
    """The secret of a user's calendar link: their id and a stamp of their password."""
    return signing.dumps([user.pk, _password_stamp(user)], salt=CALENDAR_SALT)


def calendar_feed(request, token):
    """A personal iCalendar feed; the secret token in the URL is the only credential.
    It stops working when the user changes their password or is deactivated."""
    from django.contrib.auth import get_user_model
    from icalendar import Calendar, Event

    try:
        user_id, stamp = signing.loads(token, salt=CALENDAR_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        raise Http404 from None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(stamp, _password_stamp(user)):
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//township-governance//meetings//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("My meetings"))
    for meeting in access.scope(selectors.meetings_for_person(user), user):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@township-governance")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.start + datetime.timedelta(hours=2))
        event.add("location", meeting.place)
        event.add("dtstamp", timezone.now())
        calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
