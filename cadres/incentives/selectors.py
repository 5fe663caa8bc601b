"""Reads of the incentive mechanism. Selectors never import services; the pure arithmetic
is `cadres.incentives.pay` and `cadres.incentives.rules`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils import timezone

from cadres.incentives import pay, rules
from cadres.incentives.models import (
    Appraisal,
    AppraisalMark,
    Assessment,
    CadrePlan,
    CadreTalk,
    CommunityFeedback,
    ContactPoint,
    DailyRecord,
    Goal,
    IncentiveSettings,
    LifeMeeting,
    PerformancePool,
    PersonalMattersReport,
    PoolShare,
    PoolSplit,
    Target,
)
from committees.models import Person, Township
from committees.selectors import committee_members_on, first_counted_day, work_calendar
from core import periods

# -- settings -----------------------------------------------------------------------------------


def settings_of(township: Township) -> IncentiveSettings:
    """The township's settings, or the defaults (unsaved) when none are recorded."""
    found = IncentiveSettings.objects.filter(township=township).first()
    return found or IncentiveSettings(township=township)


# -- INC-1 / INC-2: goals, plans, scores ------------------------------------------------------


def goals_of(township: Township, year: int):
    return Goal.objects.filter(township=township, year=year)


def plans_of(township: Township, year: int):
    return (
        CadrePlan.objects.filter(township=township, year=year)
        .select_related("person")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("goal"))
        )
        .order_by("person__name")
    )


def plan_of(person: Person, year: int) -> CadrePlan | None:
    return plans_of(person.township, year).filter(person=person).first()


def plan_weight_total(plan: CadrePlan) -> Decimal:
    return pay.weights_total([t.weight for t in plan.targets.all()])


def plan_is_scored(plan: CadrePlan) -> bool:
    targets = list(plan.targets.all())
    return bool(targets) and all(t.score is not None for t in targets)


def plan_score(plan: CadrePlan) -> Decimal | None:
    """INC-2: the weighted sum of the target scores, exact; None until every target is scored."""
    if not plan_is_scored(plan):
        return None
    return pay.weighted_score([(t.weight, t.score) for t in plan.targets.all()])


def cadres_of(township: Township):
    return Person.objects.filter(
        township=township, active=True, kind=Person.Kind.CADRE
    ).order_by("name")


# -- INC-2: pool and splits ---------------------------------------------------------------------


def pool_of(township: Township, year: int) -> PerformancePool | None:
    return PerformancePool.objects.filter(township=township, year=year).first()


def splits_of(pool: PerformancePool):
    return PoolSplit.objects.filter(pool=pool).order_by("-run")


def latest_split(township: Township, year: int) -> PoolSplit | None:
    return (
        PoolSplit.objects.filter(township=township, pool__year=year)
        .order_by("-run")
        .first()
    )


@dataclass
class ShareLine:
    share: PoolShare
    step: pay.ShareStep


def split_lines(split: PoolSplit) -> list[ShareLine]:
    """Each share of a run with the steps that reached it, recomputed from the stored
    scores by the same pure function (a stored share that disagrees would show)."""
    shares = list(
        PoolShare.objects.filter(split=split)
        .select_related("person")
        .order_by("person__name")
    )
    steps = pay.split_explained(split.amount, {s.person_id: s.score for s in shares})
    return [ShareLine(share, steps[share.person_id]) for share in shares]


@dataclass
class Move:
    person: Person
    before_share: Decimal | None
    after_share: Decimal | None
    before_score: Decimal | None
    after_score: Decimal | None
    why: list[str] = field(default_factory=list)

    @property
    def delta(self) -> Decimal:
        return (self.after_share or Decimal(0)) - (self.before_share or Decimal(0))


def split_diff(split: PoolSplit) -> tuple[PoolSplit | None, list[Move]]:
    """INC-2: the shares that moved between the previous run and `split`, and why."""
    previous = (
        PoolSplit.objects.filter(pool=split.pool, run__lt=split.run)
        .order_by("-run")
        .first()
    )
    if previous is None:
        return None, []
    before = {line.share.person_id: line for line in split_lines(previous)}
    after = {line.share.person_id: line for line in split_lines(split)}
    total_before = next(iter(before.values())).step.total if before else Decimal(0)
    total_after = next(iter(after.values())).step.total if after else Decimal(0)
    moves = []
    for pid in sorted(set(before) | set(after)):
        b, a = before.get(pid), after.get(pid)
        b_share = b.share.share if b else None
        a_share = a.share.share if a else None
        if b_share == a_share:
            continue
        person = (a or b).share.person
        why = []
        if b is None:
            why.append("新列入分配（已评定为优秀或称职）")
        elif a is None:
            why.append("不再列入分配（未评定为优秀或称职）")
        else:
            if b.share.score != a.share.score:
                why.append(
                    f"本人得分 {pay.plain(b.share.score)} → {pay.plain(a.share.score)}"
                )
            if total_before != total_after:
                why.append(
                    f"得分合计 {pay.plain(total_before)} → {pay.plain(total_after)}"
                )
            if split.amount != previous.amount:
                why.append(f"绩效工资总额 {previous.amount} → {split.amount}")
            if b.step.extra_fen != a.step.extra_fen:
                why.append(
                    f"余额分配：第 {b.step.rank} 位{'得' if b.step.extra_fen else '未得'} 1 分"
                    f" → 第 {a.step.rank} 位{'得' if a.step.extra_fen else '未得'} 1 分"
                )
        moves.append(
            Move(
                person,
                b_share,
                a_share,
                b.share.score if b else None,
                a.share.score if a else None,
                why,
            )
        )
    return previous, moves


def latest_assessed_year(township: Township, today: datetime.date) -> int:
    """The latest year with a pool or grades recorded (the home page's links), else
    last year."""
    years = [
        *PerformancePool.objects.filter(township=township).values_list(
            "year", flat=True
        ),
        *Assessment.objects.filter(township=township).values_list("year", flat=True),
    ]
    return max(years, default=today.year - 1)


# -- INC-3: assessments ---------------------------------------------------------------------------


def assessments_of(township: Township, year: int):
    return (
        Assessment.objects.filter(township=township, year=year)
        .select_related("person")
        .prefetch_related("reviews")
        .order_by("person__name")
    )


def committee_member_ids(township: Township, year: int) -> set[int]:
    """Committee members in office at the year's end (or today, within the year)."""
    day = min(datetime.date(year, 12, 31), timezone.localdate())
    day = max(day, datetime.date(year, 1, 1))
    return set(committee_members_on(township, day).values_list("person_id", flat=True))


@dataclass
class CapView:
    assessed: int
    excellent: int
    percent: Decimal
    cap: int
    arithmetic: str


def excellent_cap_view(township: Township, year: int) -> CapView:
    graded = Assessment.objects.filter(
        township=township, year=year, decided_by=Assessment.DecidedBy.TOWNSHIP
    )
    assessed = graded.count()
    percent = settings_of(township).excellent_percent
    return CapView(
        assessed,
        graded.filter(grade="excellent").count(),
        percent,
        pay.excellent_cap(assessed, percent),
        pay.excellent_arithmetic_zh(assessed, percent.normalize()),
    )


@dataclass
class Clock:
    label: str
    period: periods.Period | None
    filed_on: datetime.date | None
    basis: str

    @property
    def last_day(self):
        return self.period.last_day if self.period else None


def review_clocks(assessment: Assessment) -> list[Clock]:
    """INC-3: the review request (30 days from the notice) and the appeal (15 days from
    the review's result), through core.periods with the county's calendar."""
    calendar = work_calendar(assessment.township.county_id)
    reviews = {r.kind: r for r in assessment.reviews.all()}
    review = reviews.get("review")
    appeal = reviews.get("appeal")
    review_period = (
        periods.period(rules.REVIEW, assessment.notice_served_on, calendar)
        if assessment.notice_served_on
        else None
    )
    appeal_period = (
        periods.period(rules.APPEAL, review.result_on, calendar)
        if review and review.result_on
        else None
    )
    return [
        Clock(
            "申请复核",
            review_period,
            review.filed_on if review else None,
            rules.REVIEW.basis,
        ),
        Clock(
            "提出申诉",
            appeal_period,
            appeal.filed_on if appeal else None,
            rules.APPEAL.basis,
        ),
    ]


def previous_grade(person: Person, year: int) -> str | None:
    found = Assessment.objects.filter(person=person, year=year - 1).first()
    return found.grade if found else None


# -- INC-3: the dossier --------------------------------------------------------------------------


def audit_findings(person: Person) -> list:
    """FIN-7: the audit findings of `person` (those whose rectification the person owns
    and those an audit of the person made), read through the finance mechanism's own
    selector."""
    from finance.audits.selectors import audit_findings_of

    return list(audit_findings_of(person))


def appraisal_result_of(person: Person, year: int) -> dict | None:
    appraisal = Appraisal.objects.filter(
        township=person.township, year=year, status=Appraisal.Status.CLOSED
    ).first()
    if appraisal is None:
        return None
    counts = appraisal_counts(appraisal).get(person.pk)
    return counts


def dossier(person: Person, year: int) -> dict:
    """INC-3: the year's dossier of one cadre: study (LRN-3, LRN-5), goals and scores, the
    pool share, appraisal, audit findings, daily management, the grade and its notice."""
    from cadres.learning.selectors import cadre_year_record

    plan = plan_of(person, year)
    split = latest_split(person.township, year)
    share = (
        PoolShare.objects.filter(split=split, person=person).first() if split else None
    )
    assessment = (
        Assessment.objects.filter(person=person, year=year)
        .prefetch_related("reviews")
        .first()
    )
    return {
        "person": person,
        "year": year,
        "study": cadre_year_record(person, year),
        "plan": plan,
        "score": plan_score(plan) if plan else None,
        "share": share,
        "split": split,
        "appraisal": appraisal_result_of(person, year),
        "audit_findings": audit_findings(person),
        "daily": list(
            DailyRecord.objects.filter(person=person, date__year=year).order_by("date")
        ),
        "assessment": assessment,
        "consequences": rules.consequences(
            assessment.grade, previous_grade(person, year)
        )
        if assessment
        else [],
        "clocks": review_clocks(assessment) if assessment else [],
        "talks": list(
            CadreTalk.objects.filter(person=person, held_on__year=year).select_related(
                "talker"
            )
        ),
        "feedback": list(
            CommunityFeedback.objects.filter(person=person, received_on__year=year)
        ),
    }


# -- INC-4: democratic life meetings ---------------------------------------------------------------


def life_meetings_of(township: Township):
    return (
        LifeMeeting.objects.filter(township=township)
        .prefetch_related("entries__person", "rectifications__owner")
        .order_by("-held_on")
    )


def life_meeting_gaps(township: Township, year: int, today: datetime.date):
    """INC-4: the windows of `year` that ended by `today` without a democratic life
    meeting, counted from the first day the township keeps its records here."""
    held = list(
        LifeMeeting.objects.filter(township=township, held_on__year=year).values_list(
            "held_on", flat=True
        )
    )
    return rules.life_meeting_gaps(
        year,
        settings_of(township).life_meeting_months,
        held,
        today=today,
        counted_from=first_counted_day(township, datetime.date(year, 1, 1)),
    )


# -- INC-5: democratic appraisal ---------------------------------------------------------------------


def appraisal_of(township: Township, year: int) -> Appraisal | None:
    return Appraisal.objects.filter(township=township, year=year).first()


def appraisal_counts(appraisal: Appraisal) -> dict[int, dict[str, int]]:
    """INC-5: for each cadre appraised, the count of each choice."""
    found: dict[int, dict[str, int]] = {
        pid: dict.fromkeys(AppraisalMark.Choice.values, 0)
        for pid in appraisal.subjects.values_list("pk", flat=True)
    }
    for pid, choice, n in (
        AppraisalMark.objects.filter(ballot__appraisal=appraisal)
        .values_list("person_id", "choice")
        .annotate(n=Count("pk"))
        .values_list("person_id", "choice", "n")
    ):
        found.setdefault(pid, dict.fromkeys(AppraisalMark.Choice.values, 0))[choice] = n
    return found


def has_voted(appraisal: Appraisal, user) -> bool:
    return appraisal.voters.filter(user=user).exists()


# -- INC-6: personal matters --------------------------------------------------------------------------


def reports_of(township: Township):
    return PersonalMattersReport.objects.filter(township=township).select_related(
        "person"
    )


def declared_relative_employers(person: Person) -> frozenset[str]:
    """INC-6 / PRJ-3: the employers of the relatives `person` declared in the latest
    report (each report states the whole current list); empty when none was filed."""
    latest = (
        PersonalMattersReport.objects.filter(person=person)
        .order_by("-submitted_on", "-id")
        .first()
    )
    return frozenset(latest.employers()) if latest else frozenset()


@dataclass
class ReportClock:
    person: Person
    label: str
    due: datetime.date
    submitted_on: datetime.date | None
    basis: str
    today: datetime.date

    @property
    def overdue(self) -> bool:
        if self.submitted_on:
            return self.submitted_on > self.due
        return self.today > self.due

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days


def report_clocks(township: Township, today: datetime.date) -> list[ReportClock]:
    """INC-6: per committee member in office today, the yearly report of last year (due
    31 January) and, for a member who took office within the last year, the new member's
    report (30 days); each change report is shown with its own 30 days."""
    calendar = work_calendar(township.county_id)
    members = list(committee_members_on(township, today))
    reports = list(reports_of(township))
    clocks = []
    for membership in members:
        person = membership.person
        own = [r for r in reports if r.person_id == person.pk]
        year = today.year - 1
        yearly = next((r for r in own if r.kind == "yearly" and r.year == year), None)
        clocks.append(
            ReportClock(
                person,
                f"{year} 年度报告",
                rules.yearly_report_due(year),
                yearly.submitted_on if yearly else None,
                rules.YEARLY_REPORT_BASIS,
                today,
            )
        )
        if (today - membership.start).days <= 366:
            new = next((r for r in own if r.kind == "new_member"), None)
            clocks.append(
                ReportClock(
                    person,
                    "新任报告",
                    periods.period(
                        rules.NEW_MEMBER_REPORT, membership.start, calendar
                    ).last_day,
                    new.submitted_on if new else None,
                    rules.NEW_MEMBER_REPORT.basis,
                    today,
                )
            )
        for change in (r for r in own if r.kind == "change" and r.event_on):
            clocks.append(
                ReportClock(
                    person,
                    f"变化报告（{change.event_on:%Y-%m-%d}）",
                    periods.period(
                        rules.CHANGE_REPORT, change.event_on, calendar
                    ).last_day,
                    change.submitted_on,
                    rules.CHANGE_REPORT.basis,
                    today,
                )
            )
    return clocks


# -- INC-7: contact points -----------------------------------------------------------------------------


def contact_points_of(township: Township, today: datetime.date):
    from django.db.models import Q

    return (
        ContactPoint.objects.filter(township=township, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("person")
    )


# -- INC-8: talks -------------------------------------------------------------------------------


def talks_of(township: Township, year: int):
    return CadreTalk.objects.filter(
        township=township, held_on__year=year
    ).select_related("talker", "person")


def members_without_secretary_talk(township: Township, year: int, day: datetime.date):
    """INC-8: the committee members (in office on `day`) the secretary has not talked
    with in `year`."""
    members = list(committee_members_on(township, day))
    secretaries = {m.person_id for m in members if m.role == "secretary"}
    talked = set(
        CadreTalk.objects.filter(
            township=township, held_on__year=year, talker_id__in=secretaries
        ).values_list("person_id", flat=True)
    )
    return [
        m.person
        for m in members
        if m.person_id not in secretaries and m.person_id not in talked
    ]
