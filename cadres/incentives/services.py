"""Write services of the incentive mechanism (INC-1 … INC-7). Each begins with
`require_actor`; each runs in one transaction and raises a domain error of its rule."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from cadres.incentives import errors, pay, rules, selectors
from cadres.incentives.models import (
    BONUS_GRADES,
    Appraisal,
    AppraisalBallot,
    AppraisalMark,
    AppraisalVoter,
    Assessment,
    AssessmentReview,
    CadrePlan,
    CadreTalk,
    CommunityFeedback,
    ContactPoint,
    DailyRecord,
    Goal,
    IncentiveSettings,
    LifeMeeting,
    LifeMeetingEntry,
    PerformancePool,
    PersonalMattersReport,
    PoolShare,
    PoolSplit,
    RectificationItem,
    Target,
)
from committees.access import (
    SECRETARY_ONLY,
    TOWNSHIP_STAFF,
    Role,
    has_role,
    require_actor,
)
from committees.models import Person, Township
from committees.selectors import committee_members_on, work_calendar
from core import csvsafe, integrity, periods, xlsx
from core.errors import refuses_invalid_input
from core.history import actor_or_none, delete_with_history, save_with_history

TWO = Decimal("0.01")


def _own(township: Township, person: Person) -> None:
    if person.township_id != township.pk:
        raise errors.NotOfTownship(params={"person": person.name})


# -- settings ------------------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def life_meeting_interval_set(*, actor, township: Township, months: int):
    """INC-4: the township's interval (3, 4, 6 or 12 months; never past a year)."""
    require_actor(actor, township, SECRETARY_ONLY)
    if months not in IncentiveSettings.Interval.values:
        raise errors.IntervalTooLong()
    found = selectors.settings_of(township)
    found.life_meeting_months = months
    return save_with_history(found, actor=actor, reason="life meeting interval set")


@refuses_invalid_input
@transaction.atomic
def excellent_percent_set(*, actor, county, percent: Decimal) -> int:
    """INC-3: the county's excellent cap, set by its reviewer for every township of the
    county (actor=None: the system)."""
    townships = list(Township.objects.filter(county=county))
    for township in townships:
        require_actor(actor, township, frozenset({Role.COUNTY_REVIEWER}))
    for township in townships:
        found = selectors.settings_of(township)
        found.excellent_percent = percent
        save_with_history(found, actor=actor, reason="county excellent cap set")
    return len(townships)


# -- INC-1: goals and plans -------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def goal_add(*, actor, township: Township, year: int, title: str) -> Goal:
    require_actor(actor, township, TOWNSHIP_STAFF)
    goal = Goal.objects.filter(township=township, year=year, title=title).first()
    if goal:
        return goal
    return save_with_history(
        Goal(township=township, year=year, title=title),
        actor=actor,
        reason="goal added",
    )


@dataclass
class TargetInput:
    title: str
    measure: str
    weight: Decimal
    goal: Goal | None = None


def _plan_save(actor, township, person, year, targets: list[TargetInput]) -> CadrePlan:
    _own(township, person)
    if not targets:
        raise errors.PlanHasNoTargets(params={"person": person.name})
    total = pay.weights_total([t.weight for t in targets])
    if total != 100:
        raise errors.WeightsNotHundred(
            params={"person": person.name, "total": f"{total.normalize():f}"}
        )
    plan = (
        CadrePlan.objects.select_for_update().filter(person=person, year=year).first()
    )
    if plan is None:
        plan = save_with_history(
            CadrePlan(
                township=township,
                year=year,
                person=person,
                recorded_by=actor_or_none(actor),
            ),
            actor=actor,
            reason="target plan recorded",
        )
    else:
        old = list(plan.targets.all())
        if any(t.score is not None for t in old):
            raise errors.PlanAlreadyScored(params={"person": person.name})
        for target in old:
            delete_with_history(target, actor=actor, reason="target plan replaced")
    for item in targets:
        save_with_history(
            Target(
                township=township,
                plan=plan,
                goal=item.goal,
                title=item.title,
                measure=item.measure,
                weight=item.weight,
            ),
            actor=actor,
            reason="target plan recorded",
        )
    return plan


@refuses_invalid_input
@transaction.atomic
def plan_save(
    *, actor, township: Township, person: Person, year: int, targets: list[TargetInput]
) -> CadrePlan:
    """INC-1: a cadre's targets for the year; weights summing to exactly 100 or refused.
    Saving again replaces the targets while none is scored."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    return _plan_save(actor, township, person, year, targets)


# The targets file: (key, Chinese heading, English heading).
COLUMNS = [
    ("name", "姓名", "name"),
    ("goal", "目标", "goal"),
    ("title", "指标", "target"),
    ("measure", "量化要求", "measure"),
    ("weight", "权重", "weight"),
]


@dataclass
class TargetRow:
    number: int
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def targets_parse(upload, township: Township) -> list[TargetRow]:
    """Read every row of the first sheet; each row carries its own errors (INC-1: a
    person's weights that do not add up to exactly 100 mark each of that person's rows)."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
    except (
        Exception
    ):  # openpyxl raises many kinds of errors on a file that is not .xlsx
        raise errors.TargetsUnreadable from None
    if not rows:
        raise errors.TargetsHeadingsMissing
    headings = [_text(h) for h in rows[0]]
    known = {zh: key for key, zh, en in COLUMNS} | {en: key for key, zh, en in COLUMNS}
    index = {known[h]: i for i, h in enumerate(headings) if h in known}
    if not {"name", "title", "measure", "weight"} <= set(index):
        raise errors.TargetsHeadingsMissing
    people = {p.name: p for p in Person.objects.filter(township=township, active=True)}
    parsed: list[TargetRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        raw = {key: cells[i] if i < len(cells) else None for key, i in index.items()}
        if all(_text(v) == "" for v in raw.values()):
            continue
        row = TargetRow(number=number)
        name = _text(raw.get("name"))
        person = people.get(name)
        if person is None:
            row.errors.append(_("“%(name)s” is not on the roster") % {"name": name})
        title, measure = _text(raw.get("title")), _text(raw.get("measure"))
        if not title:
            row.errors.append(_("the target is missing"))
        if not measure:
            row.errors.append(_("the quantified measure is missing"))
        for text, limit in (
            (title, 200),
            (measure, 200),
            (_text(raw.get("goal")), 200),
        ):
            if len(text) > limit:
                row.errors.append(_("a cell is longer than 200 characters"))
        try:
            weight = Decimal(_text(raw.get("weight")))
            if not weight.is_finite() or weight <= 0 or weight > 100:
                raise InvalidOperation
            if weight != weight.quantize(TWO):
                raise InvalidOperation
        except InvalidOperation:
            weight = None
            row.errors.append(
                _(
                    "the weight “%(weight)s” is not a number above 0 and at most 100 with two decimals"
                )
                % {"weight": _text(raw.get("weight"))}
            )
        row.values = {
            "person": person,
            "goal": _text(raw.get("goal")),
            "title": title,
            "measure": measure,
            "weight": weight,
        }
        parsed.append(row)
    totals: dict[str, Decimal] = {}
    for row in parsed:
        if row.values["person"] and row.values["weight"] is not None:
            name = row.values["person"].name
            totals[name] = totals.get(name, Decimal(0)) + row.values["weight"]
    for row in parsed:
        person = row.values["person"]
        if person and person.name in totals and totals[person.name] != 100:
            row.errors.append(
                _("the weights of %(name)s add up to %(total)s, not exactly 100")
                % {"name": person.name, "total": f"{totals[person.name].normalize():f}"}
            )
    return parsed


@refuses_invalid_input
@transaction.atomic
def targets_import(
    *, actor, township: Township, year: int, rows: list[TargetRow]
) -> int:
    """INC-1: all or nothing — a bad row refuses the whole file; each person's plan is
    replaced by the file's rows."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    bad = [row for row in rows if row.errors]
    if bad:
        raise errors.TargetsRowsInvalid(params={"count": len(bad)})
    by_person: dict[int, tuple[Person, list[TargetInput]]] = {}
    for row in rows:
        values = row.values
        goal = (
            goal_add(actor=actor, township=township, year=year, title=values["goal"])
            if values["goal"]
            else None
        )
        person = values["person"]
        by_person.setdefault(person.pk, (person, []))[1].append(
            TargetInput(values["title"], values["measure"], values["weight"], goal)
        )
    for person, targets in by_person.values():
        _plan_save(actor, township, person, year, targets)
    return len(rows)


def targets_template() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "目标分解"
    sheet.append([zh for key, zh, en in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# -- INC-2: scores, pool, split ------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def scores_record(*, actor, plan: CadrePlan, scores: dict[int, Decimal]) -> CadrePlan:
    """INC-2: scores (0–100, two decimals) of a plan's targets, by target id."""
    require_actor(actor, plan.township, TOWNSHIP_STAFF)
    for target in Target.objects.select_for_update().filter(plan=plan):
        if target.pk in scores and scores[target.pk] != target.score:
            target.score = scores[target.pk]
            target.scored_by = actor_or_none(actor)
            save_with_history(target, actor=actor, reason="target scored")
    return plan


@refuses_invalid_input
@transaction.atomic
def pool_set(
    *, actor, township: Township, year: int, amount: Decimal, approval: str
) -> PerformancePool:
    """INC-2: the township's approved performance pool of the year (basic salary is not
    in it and is never touched here: 公务员法 Art 84)."""
    require_actor(actor, township, SECRETARY_ONLY)
    pool = PerformancePool.objects.filter(
        township=township, year=year
    ).first() or PerformancePool(township=township, year=year)
    pool.amount = amount
    pool.approval = approval
    pool.recorded_by = actor_or_none(actor)
    return save_with_history(pool, actor=actor, reason="performance pool recorded")


@transaction.atomic
def pool_split(*, actor, pool: PerformancePool) -> PoolSplit:
    """INC-2: split the pool by score among those graded excellent or competent (Art 80),
    to the fen (cadres.incentives.pay.split_pool). Every planned cadre must be scored and
    graded first; a re-run is a new run beside the earlier ones."""
    require_actor(actor, pool.township, TOWNSHIP_STAFF)
    pool = PerformancePool.objects.select_for_update().get(pk=pool.pk)
    plans = list(selectors.plans_of(pool.township, pool.year))
    if not plans:
        raise errors.NoPlans(params={"year": pool.year})
    unscored = [p.person.name for p in plans if not selectors.plan_is_scored(p)]
    if unscored:
        raise errors.PlanNotScored(params={"names": "、".join(unscored)})
    grades = dict(
        Assessment.objects.filter(township=pool.township, year=pool.year).values_list(
            "person_id", "grade"
        )
    )
    ungraded = [p.person.name for p in plans if p.person_id not in grades]
    if ungraded:
        raise errors.GradesMissing(
            params={"names": "、".join(ungraded), "year": pool.year}
        )
    scores = {
        p.person_id: selectors.plan_score(p)
        for p in plans
        if grades[p.person_id] in BONUS_GRADES
    }
    if not scores:
        raise errors.NobodyEligible(params={"year": pool.year})
    shares = pay.split_pool(pool.amount, scores)
    last = PoolSplit.objects.filter(pool=pool).order_by("-run").first()
    split = save_with_history(
        PoolSplit(
            township=pool.township,
            pool=pool,
            run=(last.run + 1) if last else 1,
            amount=pool.amount,
            made_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="pool split",
    )
    for person_id, share in shares.items():
        save_with_history(
            PoolShare(
                township=pool.township,
                split=split,
                person_id=person_id,
                score=scores[person_id],
                share=share,
            ),
            actor=actor,
            reason="pool split",
        )
    integrity.seal(split)  # AUD-2: a run of the payroll never changes
    return split


def payroll_rows(split: PoolSplit) -> list[list]:
    return [
        [
            line.share.person.name,
            pay.plain(line.share.score),
            pay.plain(line.step.total),
            f"{line.step.quotient_yuan:.4f}",
            f"{Decimal(line.step.whole_fen) / 100:.2f}",
            f"{line.step.remainder_decimal:.4f}",
            line.step.rank,
            f"{Decimal(line.step.extra_fen) / 100:.2f}",
            f"{line.share.share:.2f}",
        ]
        for line in selectors.split_lines(split)
    ]


PAYROLL_HEADINGS = [
    "姓名",
    "得分",
    "得分合计",
    "应得（元）",
    "整分部分（元）",
    "余数（分）",
    "余额排序",
    "余额分配（元）",
    "分配额（元）",
]


def payroll_xlsx(split: PoolSplit) -> bytes:
    """INC-2: the payroll sheet of one run (basic salary is not in it: never touched).

    A sheet people can file (core.xlsx): figures as numbers (yuan `#,##0.00`, the score and
    the quotient to four places), a frozen header with the units, fitted columns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{split.pool.year}绩效工资"
    sheet.append(
        [
            f"{split.township.name} {split.pool.year} 年度绩效工资分配（第 {split.run} 次计算）"
        ]
    )
    sheet.append([f"绩效工资总额 {split.amount} 元；批准文件：{split.pool.approval}"])
    xlsx.header(sheet, PAYROLL_HEADINGS)
    first = sheet.max_row + 1
    total = Decimal("0.00")
    for line in selectors.split_lines(split):
        step, share = line.step, line.share
        sheet.append(
            [
                share.person.name,
                share.score,
                step.total,
                step.quotient_yuan.quantize(Decimal("0.0001")),
                Decimal(step.whole_fen) / 100,
                step.remainder_decimal.quantize(Decimal("0.0001")),
                step.rank,
                Decimal(step.extra_fen) / 100,
                share.share,
            ]
        )
        total += share.share
    sheet.append(["合计", None, None, None, None, None, None, None, total])
    for column in (2, 3, 4, 6):
        xlsx.style_column(sheet, column, "0.0000", first_row=first)
    for column in (5, 8, 9):
        xlsx.style_column(sheet, column, "#,##0.00", first_row=first)
    sheet.append([pay.TIE_BREAK_ZH])
    xlsx.fit_columns(sheet)
    # The two title lines and the tie-break rule are prose: they must not widen column A.
    sheet.column_dimensions["A"].width = 12
    csvsafe.neutralise_workbook(workbook)  # SEC-5: a name typed as =… stays text
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def payroll_pdf(split: PoolSplit) -> bytes:
    from core.pdf import render_pdf

    rows = payroll_rows(split)
    return render_pdf(
        "cadres/incentives/payroll_pdf.html",
        {
            "split": split,
            "headings": PAYROLL_HEADINGS,
            "rows": rows,
            "total": f"{sum(Decimal(r[-1]) for r in rows):.2f}",
            "tie_break": pay.TIE_BREAK_ZH,
        },
    )


# -- INC-3: assessment ------------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def grades_record(
    *, actor, township: Township, year: int, grades: dict[Person, str]
) -> list[Assessment]:
    """INC-3: the township's grades of its cadres for the year, as one plan: refused when
    more are excellent than the county's cap allows (percent of those assessed, rounded
    down). Committee members are not graded here (Art 37)."""
    require_actor(actor, township, SECRETARY_ONLY)
    members = selectors.committee_member_ids(township, year)
    for person in grades:
        _own(township, person)
        if person.pk in members:
            raise errors.CommitteeMemberGradedHere(params={"person": person.name})
    existing = {
        a.person_id: a
        for a in Assessment.objects.select_for_update().filter(
            township=township, year=year, decided_by=Assessment.DecidedBy.TOWNSHIP
        )
    }
    after = {pid: a.grade for pid, a in existing.items()}
    after.update({p.pk: g for p, g in grades.items()})
    percent = selectors.settings_of(township).excellent_percent
    excellent = sum(1 for g in after.values() if g == "excellent")
    cap = pay.excellent_cap(len(after), percent)
    if excellent > cap:
        raise errors.ExcellentAboveCap(
            params={
                "excellent": excellent,
                "cap": cap,
                "arithmetic": pay.excellent_arithmetic_zh(
                    len(after), percent.normalize()
                ),
            }
        )
    saved = []
    for person, grade in grades.items():
        assessment = existing.get(person.pk) or Assessment(
            township=township,
            year=year,
            person=person,
            decided_by=Assessment.DecidedBy.TOWNSHIP,
        )
        if assessment.pk and assessment.grade == grade:
            saved.append(assessment)
            continue
        assessment.grade = grade
        assessment.recorded_by = actor_or_none(actor)
        saved.append(save_with_history(assessment, actor=actor, reason="graded"))
    return saved


@refuses_invalid_input
@transaction.atomic
def higher_grade_record(
    *, actor, township: Township, year: int, person: Person, grade: str, decision: str
) -> Assessment:
    """INC-3: a committee member's grade, as the higher authority decided it (Art 37)."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    _own(township, person)
    if person.pk not in selectors.committee_member_ids(township, year):
        raise errors.NotACommitteeMember(
            params={"person": person.name, "day": f"{year}-12-31"}
        )
    if not decision.strip():
        raise errors.HigherDecisionMissing(params={"person": person.name})
    assessment = Assessment.objects.filter(
        person=person, year=year
    ).first() or Assessment(township=township, year=year, person=person)
    assessment.grade = grade
    assessment.decided_by = Assessment.DecidedBy.HIGHER
    assessment.higher_decision = decision.strip()
    assessment.recorded_by = actor_or_none(actor)
    return save_with_history(
        assessment,
        actor=actor,
        reason="grade recorded as decided by the higher authority",
    )


@refuses_invalid_input
@transaction.atomic
def notice_serve(
    *, actor, assessment: Assessment, served_on: datetime.date
) -> Assessment:
    """INC-3: the written notice of the grade served on the person (Art 38); the review
    clock starts from it."""
    require_actor(actor, assessment.township, TOWNSHIP_STAFF)
    assessment.notice_served_on = served_on
    return save_with_history(assessment, actor=actor, reason="written notice served")


def _within(rule, start, filed_on, calendar, what) -> None:
    found = periods.period(rule, start, calendar)
    if filed_on < start:
        raise errors.ReviewBeforeStart(params={"start": start.isoformat()})
    if filed_on > found.last_day:
        raise errors.ReviewOutOfTime(
            params={
                "what": what,
                "last_day": found.last_day.isoformat(),
                "basis": found.basis,
                "filed": filed_on.isoformat(),
            }
        )


@refuses_invalid_input
@transaction.atomic
def review_file(
    *, actor, assessment: Assessment, kind: str, filed_on: datetime.date
) -> AssessmentReview:
    """INC-3 (Art 95): a review request within 30 days of the notice; an appeal within 15
    days of the review's result. Filed late: refused, with the period's last day."""
    require_actor(actor, assessment.township, TOWNSHIP_STAFF)
    calendar = work_calendar(assessment.township.county_id)
    if kind == AssessmentReview.Kind.REVIEW:
        if not assessment.notice_served_on:
            raise errors.NoticeNotServed()
        _within(
            rules.REVIEW,
            assessment.notice_served_on,
            filed_on,
            calendar,
            _("the review request"),
        )
    else:
        review = assessment.reviews.filter(kind=AssessmentReview.Kind.REVIEW).first()
        if review is None or review.result_on is None:
            raise errors.AppealWithoutReviewResult()
        _within(rules.APPEAL, review.result_on, filed_on, calendar, _("the appeal"))
    return save_with_history(
        AssessmentReview(
            township=assessment.township,
            assessment=assessment,
            kind=kind,
            filed_on=filed_on,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="review or appeal filed",
    )


@refuses_invalid_input
@transaction.atomic
def review_result(
    *, actor, review: AssessmentReview, result: str, result_on: datetime.date
) -> AssessmentReview:
    require_actor(actor, review.township, TOWNSHIP_STAFF)
    review.result = result
    review.result_on = result_on
    return save_with_history(review, actor=actor, reason="review result recorded")


@refuses_invalid_input
@transaction.atomic
def daily_record_add(
    *, actor, township: Township, person: Person, date, kind: str, note: str
) -> DailyRecord:
    """INC-3: attendance, leave or a first-inquiry responsibility record."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    _own(township, person)
    return save_with_history(
        DailyRecord(
            township=township,
            person=person,
            date=date,
            kind=kind,
            note=note,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="daily management recorded",
    )


# -- INC-4: democratic life meetings ---------------------------------------------------------------


@dataclass
class MemberRemarks:
    self_criticism: str = ""
    criticism: str = ""


@dataclass
class RectificationInput:
    text: str
    owner: Person
    due_on: datetime.date


@refuses_invalid_input
@transaction.atomic
def life_meeting_record(
    *,
    actor,
    township: Township,
    held_on: datetime.date,
    topic: str,
    present: list[Person],
    remarks: dict[int, MemberRemarks] | None = None,
    rectifications: list[RectificationInput] = (),
) -> LifeMeeting:
    """INC-4: a democratic life meeting; those due are the committee's members in office
    that day; at least two thirds of them attend (committees.rules arithmetic), or it is
    not recorded as held."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    if held_on > timezone.localdate():
        raise errors.MeetingInFuture(params={"day": held_on.isoformat()})
    due = list(committee_members_on(township, held_on))
    if not due:
        raise errors.NoMembersDue(params={"day": held_on.isoformat()})
    due_ids = {m.person_id for m in due}
    for person in present:
        if person.pk not in due_ids:
            raise errors.NotDue(
                params={"person": person.name, "day": held_on.isoformat()}
            )
    present_ids = {p.pk for p in present}
    if not rules.attendance_met(len(present_ids), len(due_ids)):
        raise errors.AttendanceShort(
            params={
                "present": len(present_ids),
                "due": len(due_ids),
                "needed": rules.attendance_needed(len(due_ids)),
            }
        )
    meeting = save_with_history(
        LifeMeeting(
            township=township,
            held_on=held_on,
            topic=topic,
            due=len(due_ids),
            present=len(present_ids),
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="democratic life meeting recorded",
    )
    remarks = remarks or {}
    for membership in due:
        said = remarks.get(membership.person_id, MemberRemarks())
        save_with_history(
            LifeMeetingEntry(
                township=township,
                meeting=meeting,
                person=membership.person,
                present=membership.person_id in present_ids,
                self_criticism=said.self_criticism,
                criticism=said.criticism,
            ),
            actor=actor,
            reason="democratic life meeting recorded",
        )
    for item in rectifications:
        _rectification_add(actor, meeting, item)
    return meeting


@refuses_invalid_input
@transaction.atomic
def life_meeting_remarks(
    *, actor, entry: LifeMeetingEntry, self_criticism: str, criticism: str
) -> LifeMeetingEntry:
    """INC-4: a member's self-criticism and the criticism the member received."""
    require_actor(actor, entry.township, TOWNSHIP_STAFF)
    entry.self_criticism = self_criticism
    entry.criticism = criticism
    return save_with_history(entry, actor=actor, reason="criticism recorded")


def _rectification_add(actor, meeting, item: RectificationInput) -> RectificationItem:
    _own(meeting.township, item.owner)
    return save_with_history(
        RectificationItem(
            township=meeting.township,
            meeting=meeting,
            text=item.text,
            owner=item.owner,
            due_on=item.due_on,
        ),
        actor=actor,
        reason="rectification item added",
    )


@refuses_invalid_input
@transaction.atomic
def rectification_add(*, actor, meeting: LifeMeeting, item: RectificationInput):
    require_actor(actor, meeting.township, TOWNSHIP_STAFF)
    return _rectification_add(actor, meeting, item)


@refuses_invalid_input
@transaction.atomic
def rectification_done(*, actor, item: RectificationItem, done_on: datetime.date):
    require_actor(actor, item.township, TOWNSHIP_STAFF)
    item.done_on = done_on
    return save_with_history(item, actor=actor, reason="rectification done")


# -- INC-5: democratic appraisal -------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def appraisal_open(
    *, actor, township: Township, year: int, subjects: list[Person]
) -> Appraisal:
    require_actor(actor, township, TOWNSHIP_STAFF)
    if not subjects:
        raise errors.NoSubjects()
    for person in subjects:
        _own(township, person)
    if Appraisal.objects.filter(township=township, year=year).exists():
        raise errors.AppraisalExists(params={"year": year})
    appraisal = save_with_history(
        Appraisal(township=township, year=year, opened_by=actor_or_none(actor)),
        actor=actor,
        reason="democratic appraisal opened",
    )
    appraisal.subjects.set(subjects)
    return appraisal


VOTER_ROLES = frozenset(
    {Role.SECRETARY, Role.CLERK, Role.MEMBER, Role.CADRE, Role.FINANCE_GROUP}
)


@transaction.atomic
def appraisal_vote(*, actor, appraisal: Appraisal, marks: dict[int, str]) -> str:
    """INC-5: one secret ballot per voter. Who voted (AppraisalVoter, with its trail) and
    what was voted (AppraisalBallot and its marks: a random key, no user, no moment, no
    trail row) are written apart; the voter gets the receipt to find the ballot in the
    published count. Returns the receipt."""
    require_actor(actor, appraisal.township, VOTER_ROLES, refusal=errors.NotAVoter)
    if actor is None:
        raise errors.NotAVoter()
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if appraisal.status != Appraisal.Status.OPEN:
        raise errors.AppraisalClosed()
    if AppraisalVoter.objects.filter(appraisal=appraisal, user=actor).exists():
        raise errors.AlreadyVoted()
    subjects = list(appraisal.subjects.order_by("name"))
    missing = [
        p.name for p in subjects if marks.get(p.pk) not in AppraisalMark.Choice.values
    ]
    if missing:
        raise errors.MarksIncomplete(params={"missing": "、".join(missing)})
    save_with_history(
        AppraisalVoter(township=appraisal.township, appraisal=appraisal, user=actor),
        actor=actor,
        reason="voted",
    )
    ballot = AppraisalBallot(township=appraisal.township, appraisal=appraisal)
    ballot.full_clean()
    ballot.skip_history_when_saving = True  # a trail row would name the moment and user
    ballot.save()
    for person in subjects:
        mark = AppraisalMark(
            township=appraisal.township,
            ballot=ballot,
            person=person,
            choice=marks[person.pk],
        )
        mark.full_clean()
        mark.skip_history_when_saving = True
        mark.save()
    return ballot.receipt


@transaction.atomic
def appraisal_close(*, actor, appraisal: Appraisal) -> Appraisal:
    require_actor(actor, appraisal.township, TOWNSHIP_STAFF)
    appraisal = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    appraisal.status = Appraisal.Status.CLOSED
    save_with_history(appraisal, actor=actor, reason="democratic appraisal closed")
    integrity.seal(appraisal)  # AUD-2: the count stays provable
    return appraisal


# -- INC-6: personal matters -------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def personal_report_submit(
    *,
    actor,
    township: Township,
    person: Person,
    kind: str,
    submitted_on: datetime.date,
    content: str,
    relative_employers: str = "",
    year: int | None = None,
    event_on: datetime.date | None = None,
) -> PersonalMattersReport:
    """INC-6: a member files their own report (or the secretary records it for them)."""
    require_actor(actor, township, frozenset({Role.SECRETARY, Role.MEMBER}))
    _own(township, person)
    if actor is not None and not has_role(actor, township, SECRETARY_ONLY):
        if getattr(person, "user_id", None) != actor.pk:
            raise errors.ReportNotOwn()
    if kind == PersonalMattersReport.Kind.YEARLY and not year:
        raise errors.ReportYearMissing()
    if kind != PersonalMattersReport.Kind.YEARLY and not event_on:
        raise errors.ReportEventMissing()
    return save_with_history(
        PersonalMattersReport(
            township=township,
            person=person,
            kind=kind,
            year=year if kind == PersonalMattersReport.Kind.YEARLY else None,
            event_on=event_on,
            submitted_on=submitted_on,
            content=content,
            relative_employers=relative_employers,
            submitted_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="personal matters reported",
    )


@refuses_invalid_input
@transaction.atomic
def personal_report_review(
    *, actor, report: PersonalMattersReport, reviewed_on: datetime.date, note: str
) -> PersonalMattersReport:
    require_actor(actor, report.township, SECRETARY_ONLY, refusal=errors.NotReviewer)
    report.reviewed_by = actor_or_none(actor)
    report.reviewed_on = reviewed_on
    report.review_note = note
    return save_with_history(report, actor=actor, reason="personal matters reviewed")


# -- INC-7: contact points ----------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def contact_point_add(
    *, actor, township: Township, person: Person, village: str, since: datetime.date
) -> ContactPoint:
    require_actor(actor, township, TOWNSHIP_STAFF)
    _own(township, person)
    if person.pk not in set(
        committee_members_on(township, since).values_list("person_id", flat=True)
    ):
        raise errors.NotDue(params={"person": person.name, "day": since.isoformat()})
    return save_with_history(
        ContactPoint(township=township, person=person, village=village, since=since),
        actor=actor,
        reason="contact point added",
    )


# -- INC-8: talks and community feedback ---------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def talk_record(
    *, actor, township: Township, talker: Person, person: Person, held_on, topic: str
) -> CadreTalk:
    """INC-8: a talk (谈心谈话), who with whom, when, on what."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    _own(township, talker)
    _own(township, person)
    return save_with_history(
        CadreTalk(
            township=township,
            talker=talker,
            person=person,
            held_on=held_on,
            topic=topic,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="talk recorded",
    )


@refuses_invalid_input
@transaction.atomic
def feedback_record(
    *, actor, township: Township, person: Person, received_on, source: str, text: str
) -> CommunityFeedback:
    """INC-8: the community's feedback on a cadre (supervision outside working hours)."""
    require_actor(actor, township, TOWNSHIP_STAFF)
    _own(township, person)
    return save_with_history(
        CommunityFeedback(
            township=township,
            person=person,
            received_on=received_on,
            source=source,
            text=text,
            recorded_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="community feedback recorded",
    )
