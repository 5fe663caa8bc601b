"""Services of the learning and training mechanism (SPEC LRN-1 … LRN-6).

Every rule lives here; views, tasks and the demo builder call these. Each runs in one
transaction and locks the rows it decides on, so that nothing is half-written on refusal.
"""

from __future__ import annotations

import datetime
import random
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cadres.learning import deadlines
from cadres.learning.errors import (
    ExamClosed,
    ExamNoCandidates,
    NotACadre,
    ReportAlreadySubmitted,
    ReportEmpty,
    ReportMonthNotStarted,
    ReportNotSubmitted,
    SpotCheckExists,
    SpotCheckNobody,
    SpotCheckSampleTooSmall,
    SpotCheckTooEarly,
    StudyDayInFuture,
    StudyDayNeedsAttendance,
    StudyPlanApproved,
    StudyPlanExists,
    StudyPlanIncomplete,
    TrainingEndsBeforeStart,
    TrainingHoursInvalid,
)
from cadres.learning.models import (
    ExamCandidate,
    QualificationExam,
    SpotCheck,
    SpotCheckItem,
    StudyArea,
    StudyAttendance,
    StudyDay,
    StudyPlan,
    StudyReminder,
    StudyReport,
    StudyTopic,
    TrainingRecord,
)
from cadres.roles import TOWNSHIP_PEOPLE
from committees.access import SECRETARY_ONLY, TOWNSHIP_STAFF, require_actor
from committees.errors import WrongTownship
from committees.models import Person, Township
from core.errors import refuses_invalid_input
from core.history import actor_or_none, delete_with_history, save_with_history

__all__ = [
    "cadres_of",
    "cadre_of_user",
    "study_plan_create",
    "study_topic_add",
    "study_topic_remove",
    "study_plan_approve",
    "study_day_record",
    "study_report_save_draft",
    "study_report_submit",
    "study_report_comment",
    "study_report_reminders_send",
    "training_record_add",
    "draw_sample",
    "spot_check_draw",
    "spot_check_review",
    "exam_create",
    "exam_result_record",
    "exams_close_due",
]

SPOT_CHECK_FROM_MONTH = 6  # LRN-5: "mid-year" — drawn from June on

# Who writes what (each write service checks its actor with committees.access.require_actor;
# actor=None is the system: a task, the demo builder).
# The township's staff keep the study records (LRN-1, LRN-2, LRN-4, LRN-5, LRN-6) ...
RECORD_KEEPERS = TOWNSHIP_STAFF
# ... a person of the township writes their own monthly report (LRN-3), the county reviewer
# (who reads every township of the county) never does ...
REPORT_WRITERS = TOWNSHIP_PEOPLE
# ... and the secretary approves the plan (LRN-1) and comments on reports (LRN-3).
SECRETARY = SECRETARY_ONLY


def cadres_of(township: Township):
    """The people LRN-3 asks a monthly report of: the township's active cadres."""
    return Person.objects.filter(
        township=township, kind=Person.Kind.CADRE, active=True
    ).order_by("name", "pk")


def cadre_of_user(user, township: Township) -> Person:
    """The user's own active person record in `township`, or NotACadre (also for no user:
    the system writes nobody's report)."""
    person = getattr(user, "person", None) if actor_or_none(user) else None
    if person is None or person.township_id != township.pk or not person.active:
        raise NotACadre
    return person


def _same_township(township: Township, *objects) -> None:
    if any(obj.township_id != township.pk for obj in objects):
        raise WrongTownship


# LRN-1: the annual study plan ------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def study_plan_create(
    *, actor, township: Township, year: int, note: str = ""
) -> StudyPlan:
    require_actor(actor, township, RECORD_KEEPERS)
    # Lock the township so that two clerks never create the same year's plan twice.
    Township.objects.select_for_update().filter(pk=township.pk).first()
    if StudyPlan.objects.filter(township=township, year=year).exists():
        raise StudyPlanExists(params={"year": year})
    return save_with_history(
        StudyPlan(township=township, year=year, note=note),
        actor=actor,
        reason="LRN-1 study plan drafted",
    )


def _draft_plan(plan: StudyPlan) -> StudyPlan:
    locked = StudyPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status == StudyPlan.Status.APPROVED:
        raise StudyPlanApproved
    return locked


@refuses_invalid_input
@transaction.atomic
def study_topic_add(
    *, actor, plan: StudyPlan, month: int, area: str, title: str
) -> StudyTopic:
    require_actor(actor, plan.township_id, RECORD_KEEPERS)
    plan = _draft_plan(plan)
    return save_with_history(
        StudyTopic(
            township_id=plan.township_id, plan=plan, month=month, area=area, title=title
        ),
        actor=actor,
        reason="LRN-1 study topic added",
    )


@transaction.atomic
def study_topic_remove(*, actor, topic: StudyTopic) -> None:
    require_actor(actor, topic.township_id, RECORD_KEEPERS)
    _draft_plan(topic.plan)
    delete_with_history(topic, actor=actor, reason="LRN-1 study topic removed")


@transaction.atomic
def study_plan_approve(*, actor, plan: StudyPlan) -> StudyPlan:
    """LRN-1: approved by the township's secretary once it covers the four areas."""
    require_actor(actor, plan.township_id, SECRETARY)
    plan = _draft_plan(plan)
    covered = set(plan.topics.values_list("area", flat=True))
    missing = [label for value, label in StudyArea.choices if value not in covered]
    if missing:
        raise StudyPlanIncomplete(params={"areas": "、".join(str(m) for m in missing)})
    plan.status = StudyPlan.Status.APPROVED
    plan.approved_by = actor_or_none(actor)
    plan.approved_at = timezone.now()
    return save_with_history(plan, actor=actor, reason="LRN-1 study plan approved")


# LRN-2, LRN-3: study days ----------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def study_day_record(
    *,
    actor,
    township: Township,
    kind: str,
    date: datetime.date,
    topic: str,
    attendees,
    experience: str = "",
    materials=None,
) -> StudyDay:
    """LRN-2/LRN-3: a held study day with its topic, attendance and experience exchanged."""
    require_actor(actor, township, RECORD_KEEPERS)
    if date > timezone.localdate():
        raise StudyDayInFuture
    attendees = list({person.pk: person for person in attendees}.values())  # once each
    if not attendees:
        raise StudyDayNeedsAttendance
    _same_township(township, *attendees)
    day = StudyDay(
        township=township,
        kind=kind,
        date=date,
        topic=topic,
        experience=experience,
        recorded_by=actor_or_none(actor),
    )
    if materials:
        day.materials = materials
    save_with_history(day, actor=actor, reason="LRN-2 study day recorded")
    for person in attendees:
        save_with_history(
            StudyAttendance(township=township, study_day=day, person=person),
            actor=actor,
            reason="LRN-2 attendance recorded",
        )
    return day


# LRN-3: monthly study reports ------------------------------------------------------------


def _report_for_update(*, actor, township, year: int, month: int) -> StudyReport:
    """The author's report of the month, locked; created as a draft when there is none."""
    person = cadre_of_user(actor, township)
    require_actor(actor, township, REPORT_WRITERS)
    today = timezone.localdate()
    if not deadlines.month_started(year, month, today):
        raise ReportMonthNotStarted(params={"year": year, "month": month})
    # Lock the person row: two tabs saving the first draft at once create one report.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    report = (
        StudyReport.objects.select_for_update()
        .filter(person=person, year=year, month=month)
        .first()
    )
    if report is None:
        report = StudyReport(township=township, person=person, year=year, month=month)
    if report.is_submitted:
        raise ReportAlreadySubmitted
    return report


@refuses_invalid_input
@transaction.atomic
def study_report_save_draft(
    *, actor, township: Township, year: int, month: int, text: str
) -> StudyReport:
    """LRN-3: only the author writes their report; a draft is kept as it is."""
    report = _report_for_update(actor=actor, township=township, year=year, month=month)
    report.text = text
    return save_with_history(
        report, actor=actor, reason="LRN-3 study report draft saved"
    )


@refuses_invalid_input
@transaction.atomic
def study_report_submit(
    *, actor, township: Township, year: int, month: int, text: str
) -> StudyReport:
    """LRN-3: submitted after the due moment it is marked late; afterwards it is locked."""
    report = _report_for_update(actor=actor, township=township, year=year, month=month)
    if not text.strip():
        raise ReportEmpty
    now = timezone.now()
    report.text = text
    report.status = StudyReport.Status.SUBMITTED
    report.submitted_at = now
    report.late = deadlines.is_late(now, year, month, township.study_report_due_day)
    return save_with_history(report, actor=actor, reason="LRN-3 study report submitted")


@refuses_invalid_input
@transaction.atomic
def study_report_comment(
    *, actor, report: StudyReport, comment: str, grade: str = ""
) -> StudyReport:
    """LRN-3: the township secretary's comment and grade on a submitted report; nobody
    else (another cadre least of all) comments or grades through here."""
    report = StudyReport.objects.select_for_update().get(pk=report.pk)
    require_actor(actor, report.township_id, SECRETARY)
    if not report.is_submitted:
        raise ReportNotSubmitted
    report.comment = comment
    report.grade = grade
    report.commented_by = actor_or_none(actor)
    report.commented_at = timezone.now()
    return save_with_history(report, actor=actor, reason="LRN-3 report commented")


def _reminder_mail(
    person: Person, year: int, month: int, due: datetime.date, kind: str
):
    from django.core.mail import send_mail

    with translation.override(settings.LANGUAGE_CODE):
        if kind == StudyReminder.Kind.BEFORE:
            subject = _(
                "Your study report for month %(month)s of %(year)s is due on %(due)s"
            ) % {
                "year": year,
                "month": month,
                "due": due.isoformat(),
            }
        else:
            subject = _(
                "Your study report for month %(month)s of %(year)s is due today"
            ) % {
                "year": year,
                "month": month,
            }
        body = _(
            "%(name)s, please write and submit your study report for month %(month)s of "
            "%(year)s "
            "by the end of %(due)s."
        ) % {
            "name": person.name,
            "year": year,
            "month": month,
            "due": due.isoformat(),
        }
    send_mail(subject, body, None, [person.email])


def study_report_reminders_send(*, today: datetime.date | None = None) -> int:
    """LRN-3: three days before the due day and on it, remind each cadre whose report is
    not submitted. One StudyReminder row per (cadre, month, kind) makes a second run a no-op."""
    today = today or timezone.localdate()
    sent = 0
    for township in Township.objects.order_by("pk"):
        found = deadlines.reminder_kind(today, township.study_report_due_day)
        if found is None:
            continue
        kind, year, month = found
        due = deadlines.due_date(year, month, township.study_report_due_day)
        submitted = StudyReport.objects.filter(
            township=township,
            year=year,
            month=month,
            status=StudyReport.Status.SUBMITTED,
        ).values("person_id")
        already = StudyReminder.objects.filter(
            township=township, year=year, month=month, kind=kind
        ).values("person_id")
        waiting = (
            cadres_of(township)
            .exclude(pk__in=submitted)
            .exclude(pk__in=already)
            .exclude(email="")
        )
        for person in waiting:
            with transaction.atomic():
                save_with_history(
                    StudyReminder(
                        township=township,
                        person=person,
                        year=year,
                        month=month,
                        kind=kind,
                    ),
                    actor=None,
                    reason="LRN-3 reminder sent",
                )
                # Mail only once the row that prevents a second mail is committed.
                transaction.on_commit(
                    lambda p=person, y=year, m=month, d=due, k=kind: _reminder_mail(
                        p, y, m, d, k
                    )
                )
            sent += 1
    return sent


# LRN-4: training -------------------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def training_record_add(
    *,
    actor,
    township: Township,
    person: Person,
    kind: str,
    title: str,
    start: datetime.date,
    hours: Decimal,
    end: datetime.date | None = None,
    organizer: str = "",
    certificate=None,
) -> TrainingRecord:
    require_actor(actor, township, RECORD_KEEPERS)
    _same_township(township, person)
    try:
        hours = Decimal(hours)
    except (InvalidOperation, TypeError, ValueError):
        raise TrainingHoursInvalid from None
    if not hours.is_finite() or hours <= 0:
        raise TrainingHoursInvalid
    if end is not None and end < start:
        raise TrainingEndsBeforeStart
    record = TrainingRecord(
        township=township,
        person=person,
        kind=kind,
        title=title,
        organizer=organizer,
        start=start,
        end=end,
        hours=hours,
    )
    if certificate:
        record.certificate = certificate
    return save_with_history(record, actor=actor, reason="LRN-4 training recorded")


# LRN-5: mid-year spot check --------------------------------------------------------------


def draw_sample(person_ids, seed: int, size: int) -> list[int]:
    """Pure and reproducible: the same ids, seed and size always give the same sample."""
    population = sorted(person_ids)
    return random.Random(seed).sample(population, min(size, len(population)))


@refuses_invalid_input
@transaction.atomic
def spot_check_draw(
    *,
    actor,
    township: Township,
    year: int,
    sample_size: int,
    seed: int | None = None,
) -> SpotCheck:
    """LRN-5: draw the mid-year sample of cadres whose reports and study are checked."""
    require_actor(actor, township, RECORD_KEEPERS)
    if sample_size is None or sample_size < 1:
        raise SpotCheckSampleTooSmall
    today = timezone.localdate()
    if (today.year, today.month) < (year, SPOT_CHECK_FROM_MONTH):
        raise SpotCheckTooEarly(params={"year": year})
    Township.objects.select_for_update().filter(pk=township.pk).first()
    if SpotCheck.objects.filter(township=township, year=year).exists():
        raise SpotCheckExists(params={"year": year})
    ids = list(cadres_of(township).values_list("pk", flat=True))
    if not ids:
        raise SpotCheckNobody
    seed = seed if seed is not None else secrets.randbelow(2**31)
    check = save_with_history(
        SpotCheck(
            township=township,
            year=year,
            seed=seed,
            sample_size=sample_size,
            created_by=actor_or_none(actor),
        ),
        actor=actor,
        reason="LRN-5 spot check drawn",
    )
    for position, person_id in enumerate(draw_sample(ids, seed, sample_size), 1):
        save_with_history(
            SpotCheckItem(
                township=township,
                spot_check=check,
                person_id=person_id,
                position=position,
            ),
            actor=actor,
            reason="LRN-5 sampled",
        )
    return check


@refuses_invalid_input
@transaction.atomic
def spot_check_review(
    *,
    actor,
    spot_check: SpotCheck,
    collective_findings: str,
    findings: str,
    grades: dict[int, tuple[str, str]],
) -> SpotCheck:
    """LRN-5: findings on the collective study and a grade per sampled cadre."""
    check = SpotCheck.objects.select_for_update().get(pk=spot_check.pk)
    require_actor(actor, check.township_id, RECORD_KEEPERS)
    check.collective_findings = collective_findings
    check.findings = findings
    save_with_history(check, actor=actor, reason="LRN-5 spot check reviewed")
    for item in SpotCheckItem.objects.select_for_update().filter(spot_check=check):
        if item.pk not in grades:
            continue
        grade, note = grades[item.pk]
        if (item.grade, item.note) != (grade, note):
            item.grade, item.note = grade, note
            save_with_history(item, actor=actor, reason="LRN-5 sampled cadre graded")
    return check


# LRN-6: qualification exams --------------------------------------------------------------


@refuses_invalid_input
@transaction.atomic
def exam_create(
    *, actor, township: Township, title: str, deadline: datetime.date, people
) -> QualificationExam:
    require_actor(actor, township, RECORD_KEEPERS)
    people = list({person.pk: person for person in people}.values())  # once each
    if not people:
        raise ExamNoCandidates
    _same_township(township, *people)
    exam = save_with_history(
        QualificationExam(township=township, title=title, deadline=deadline),
        actor=actor,
        reason="LRN-6 exam set",
    )
    for person in people:
        save_with_history(
            ExamCandidate(township=township, exam=exam, person=person),
            actor=actor,
            reason="LRN-6 exam applies",
        )
    return exam


@refuses_invalid_input
@transaction.atomic
def exam_result_record(
    *,
    actor,
    candidate: ExamCandidate,
    result: str,
    score: Decimal | None = None,
    result_date: datetime.date | None = None,
) -> ExamCandidate:
    """LRN-6: results count up to the deadline; once it has passed they are closed."""
    exam = QualificationExam.objects.select_for_update().get(pk=candidate.exam_id)
    require_actor(actor, exam.township_id, RECORD_KEEPERS)
    result_date = result_date or timezone.localdate()
    if exam.closed_at is not None or result_date > exam.deadline:
        raise ExamClosed
    candidate = ExamCandidate.objects.select_for_update().get(pk=candidate.pk)
    candidate.result = result
    candidate.score = score
    candidate.result_date = result_date
    return save_with_history(
        candidate, actor=actor, reason="LRN-6 exam result recorded"
    )


def exams_close_due(*, today: datetime.date | None = None) -> int:
    """LRN-6, run daily: after an exam's deadline, each candidate who has not passed is
    disqualified, with the reason; the exam is closed so that a second run changes nothing."""
    today = today or timezone.localdate()
    marked = 0
    due = QualificationExam.objects.filter(deadline__lt=today, closed_at__isnull=True)
    for exam_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            exam = (
                QualificationExam.objects.select_for_update()
                .filter(pk=exam_id, closed_at__isnull=True)
                .first()
            )
            if exam is None:
                continue  # closed by a concurrent run
            now = timezone.now()
            with translation.override(settings.LANGUAGE_CODE):
                reason = _(
                    "Did not pass the qualification exam “%(exam)s” by its deadline, "
                    "%(deadline)s."
                ) % {"exam": exam.title, "deadline": exam.deadline.isoformat()}
            candidates = ExamCandidate.objects.select_for_update().filter(
                exam=exam, disqualified=False
            )
            for candidate in candidates.exclude(result=ExamCandidate.Result.PASSED):
                candidate.disqualified = True
                candidate.disqualified_at = now
                candidate.disqualification_reason = reason
                save_with_history(candidate, actor=None, reason="LRN-6 disqualified")
                marked += 1
            exam.closed_at = now
            save_with_history(exam, actor=None, reason="LRN-6 deadline passed")
    return marked
