"""Reads of appointment cases, already narrowed to what the user may see (SEC-1)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cadres.appointments import services
from cadres.appointments.models import (
    OPEN_STAGES,
    STAGE_ORDER,
    AppointmentCase,
    Formalities,
    PublicNotice,
    Recommendation,
    Stage,
)
from cadres.appointments.notice import notice_period
from committees import access
from committees import selectors as org
from disclosure import selectors as column
from disclosure.models import Feedback
from meetings.models import AgendaItem, Decision

# Personnel matters are read by the township office, the committee and the county.
CASE_READERS = access.TOWNSHIP_STAFF | {access.Role.MEMBER, access.Role.COUNTY_REVIEWER}


def cases_for(user, township) -> QuerySet[AppointmentCase]:
    return (
        access.scope(AppointmentCase.objects.all(), user, CASE_READERS)
        .filter(township=township)
        .select_related("person", "public_notice", "agenda_item__meeting")
        .order_by("-opened_at", "-pk")
    )


def open_cases_for(user, township) -> QuerySet[AppointmentCase]:
    return cases_for(user, township).filter(stage__in=OPEN_STAGES)


def case_rows() -> QuerySet[AppointmentCase]:
    """The cases with what the case page reads (fetch one: access.governed_or_404)."""
    return AppointmentCase.objects.select_related(
        "person", "public_notice", "agenda_item__meeting"
    )


def waiting_for(case: AppointmentCase, now=None) -> str:
    """What the case waits for, in words (the secretary's list; no rule checks in
    templates)."""
    now = now or timezone.now()
    stage = case.stage
    if stage == Stage.RECOMMENDATION:
        return _("the result of the democratic recommendation")
    if stage == Stage.CANDIDATES:
        return _("the secretary's office to choose the candidates for inspection")
    if stage == Stage.INSPECTION:
        return _("the inspection team's report")
    if stage == Stage.DECISION:
        if case.agenda_item_id is None:
            return _("a personnel item on a committee meeting's agenda")
        return _("the committee's vote on “%(item)s”") % {
            "item": case.agenda_item.title
        }
    if stage == Stage.NOTICE:
        notice = getattr(case, "public_notice", None)
        if notice is None:
            return _("the public notice to be published")
        if now <= notice.ends_at:
            return _("the end of the public notice on %(day)s") % {
                "day": f"{notice.last_day:%Y-%m-%d}"
            }
        return _("a finding on every objection, then the formalities")
    if stage == Stage.FORMALITIES:
        return _("the formalities and the appointment letter")
    return ""


def with_waiting(cases, now=None) -> list[tuple[AppointmentCase, str]]:
    now = now or timezone.now()
    return [(case, waiting_for(case, now)) for case in cases]


def recommendation_of(case) -> Recommendation | None:
    return (
        Recommendation.objects.filter(case=case)
        .prefetch_related("nominees__person")
        .first()
    )


def decision_of(case) -> tuple[Decision | None, dict | None]:
    """The committee decision of the linked item and the row of the case's person."""
    decision = services.decision_of(case)
    if decision is None:
        return None, None
    return decision, services.decision_row(case, decision)


def personnel_items_for(case) -> QuerySet[AgendaItem]:
    """DEC-4: personnel items of this township's committee naming the case's person, in
    whatever state (pending, decided from the meetings pages, postponed), that can
    decide this case (`services.link_refusal`: not another case's, not revoked, not
    decided before the case reached the decision stage)."""
    items = (
        AgendaItem.objects.filter(
            township_id=case.township_id,
            kind=AgendaItem.Kind.PERSONNEL,
            nominees=case.person,
            meeting__body__kind__in=("committee", "enlarged"),
        )
        .select_related("meeting__body")
        .order_by("meeting__start", "order")
    )
    usable = [item.pk for item in items if services.link_refusal(case, item) is None]
    return items.filter(pk__in=usable)


def notice_of(case) -> PublicNotice | None:
    return PublicNotice.objects.filter(case=case).select_related("item").first()


def objections_of(notice: PublicNotice | None) -> list[Feedback]:
    if notice is None:
        return []
    return list(column.objections_for(notice.item).select_related("finding_by"))


def notice_preview(case, today=None):
    """APT-3: the period a notice published today would have (shown before publishing)."""
    today = today or timezone.localdate()
    return notice_period(
        today,
        case.township.public_notice_days,
        org.work_calendar(case.township.county_id),
    )


def stage_steps(case) -> list[dict]:
    """APT-1: the stages in order, each done, current or to come (for the progress bar)."""
    reached = case.stage
    stopped = reached == Stage.STOPPED
    if stopped:
        last = case.transitions.exclude(to_stage=Stage.STOPPED).order_by("-at", "-pk")
        reached = (
            last.values_list("to_stage", flat=True).first() or Stage.RECOMMENDATION
        )
    index = STAGE_ORDER.index(reached)
    steps = []
    for n, stage in enumerate(STAGE_ORDER):
        if n < index or reached == Stage.DONE:
            state = "done"
        elif n == index:
            state = "stopped" if stopped else "current"
        else:
            state = "todo"
        steps.append({"label": stage.label, "state": state})
    return steps


# -- county figures (PIL-3) ----------------------------------------------------------------


@dataclass
class Breaches:
    count: int
    records: list


def notice_breaches_by_township(townships, start, end) -> dict[int, Breaches]:
    """APT-3 for the county dashboard: appointments whose formalities were recorded without
    a completed notice — no notice, before its period ended, or with an objection lacking
    a finding or found to affect the appointment. The services refuse all of these, so a
    breach here means a record changed behind the application's back. Constant queries."""
    ids = [t.pk for t in townships]
    found: dict[int, Breaches] = {tid: Breaches(0, []) for tid in ids}
    formalities = list(
        Formalities.objects.filter(
            township_id__in=ids, done_on__gte=start, done_on__lte=end
        ).select_related("case", "case__person", "case__public_notice")
    )
    notices = {f.case_id: getattr(f.case, "public_notice", None) for f in formalities}
    item_ids = [n.item_id for n in notices.values() if n is not None]
    open_objections: set[int] = set(
        Feedback.objects.filter(item_id__in=item_ids, kind=Feedback.Kind.OBJECTION)
        .exclude(finding=Feedback.Finding.DOES_NOT_AFFECT)
        .values_list("item_id", flat=True)
    )
    for entry in formalities:
        notice = notices[entry.case_id]
        if notice is None:
            reason = _("no public notice")
        elif entry.recorded_at <= notice.ends_at:
            reason = _("formalities before the notice period ended")
        elif notice.item_id in open_objections:
            reason = _("an objection without a finding, or one that affects it")
        else:
            continue
        found[entry.township_id].count += 1
        found[entry.township_id].records.append(f"{entry.case} — {reason}")
    return found
