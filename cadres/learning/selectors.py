"""Reads of the learning mechanism, narrowed and prefetched here so that no view forgets.

The compliance figures (LRN-2, LRN-3, LRN-6) return the figure *and* the records behind it,
so that the secretary's home page and the county dashboard can drill down and never disagree
with the records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from cadres.learning import deadlines
from cadres.learning.models import (
    ExamCandidate,
    QualificationExam,
    SpotCheckItem,
    StudyDay,
    StudyPlan,
    StudyReport,
    TrainingRecord,
)
from cadres.learning.services import cadres_of
from cadres.roles import STAFF_READERS
from committees import access
from committees import selectors as org
from committees.models import Person, Township

MONTHS = range(1, 13)


@dataclass
class Figure:
    """A compliance figure and the records it is computed from."""

    value: object
    records: list = field(default_factory=list)
    detail: dict = field(default_factory=dict)


# Access helpers: the object or 404 (SEC-1) -------------------------------------------------


def reports_for_user(user, township: Township) -> QuerySet[StudyReport]:
    """Submitted reports of the township for its readers; drafts stay the author's (LRN-3)."""
    own = getattr(user, "person", None)
    visible = Q(status=StudyReport.Status.SUBMITTED)
    if own is not None:
        visible |= Q(person=own)
    return (
        access.scope(StudyReport.objects.all(), user)
        .filter(township=township)
        .filter(visible)
        .select_related("person", "commented_by")
    )


def report_for_reader(user, township: Township, pk: int) -> StudyReport:
    """A cadre reads only their own reports; staff and the county reviewer read submitted
    reports of the township. Anything else: 404."""
    own = getattr(user, "person", None)
    queryset = reports_for_user(user, township)
    if not access.has_role(user, township, STAFF_READERS):
        queryset = queryset.filter(person=own) if own is not None else queryset.none()
    return access.governed_or_404(queryset, user, pk, township=township)


# A cadre's own page (item 8) and yearly record (LRN-5 → year-end assessment) ----------------


def my_study(person: Person, today: datetime.date, now: datetime.datetime) -> dict:
    township = person.township
    due_day = township.study_report_due_day
    year, month = deadlines.open_month(today, due_day)
    current = StudyReport.objects.filter(person=person, year=year, month=month).first()
    reports = list(
        StudyReport.objects.filter(person=person)
        .select_related("commented_by")
        .order_by("-year", "-month")
    )
    for report in reports:
        report.grid_status = deadlines.report_status(
            status=report.status,
            late=report.late,
            year=report.year,
            month=report.month,
            due_day=due_day,
            now=now,
        )
    # LRN-3: months since the start of the year whose deadline passed with no report.
    have = {(r.year, r.month) for r in reports if r.is_submitted}
    overdue = [
        (today.year, m)
        for m in MONTHS
        if (today.year, m) not in have
        and now >= deadlines.deadline(today.year, m, due_day)
    ]
    training = TrainingRecord.objects.filter(person=person).order_by("-start")
    hours = training.filter(start__year=today.year).aggregate(total=Sum("hours"))[
        "total"
    ] or Decimal("0")
    exams = ExamCandidate.objects.filter(person=person).select_related("exam")
    return {
        "due": {
            "year": year,
            "month": month,
            "due_date": deadlines.due_date(year, month, due_day),
            "days_left": deadlines.days_left(today, year, month, due_day),
            "report": current,
            "submitted": bool(current and current.is_submitted),
        },
        "drafts": [r for r in reports if not r.is_submitted],
        "reports": reports,
        "overdue": overdue,
        "training": list(training),
        "training_hours": hours,
        "exams": list(exams),
    }


def cadre_year_record(person: Person, year: int) -> dict:
    """What the year-end assessment reads: reports, training hours, spot check, exams."""
    reports = StudyReport.objects.filter(person=person, year=year)
    return {
        "submitted": reports.filter(status=StudyReport.Status.SUBMITTED).count(),
        "late": reports.filter(late=True).count(),
        "training_hours": TrainingRecord.objects.filter(
            person=person, start__year=year
        ).aggregate(total=Sum("hours"))["total"]
        or Decimal("0"),
        "spot_check": SpotCheckItem.objects.filter(
            person=person, spot_check__year=year
        ).first(),
        "disqualified": ExamCandidate.objects.filter(
            person=person, disqualified=True, exam__deadline__year=year
        ).exists(),
    }


# The secretary's grid: cadre × month, a constant number of queries -------------------------


def report_grid(township: Township, year: int, now: datetime.datetime) -> dict:
    """Rows of (cadre, [cell per month]); two queries whatever the number of cadres."""
    due_day = township.study_report_due_day
    people = list(cadres_of(township))
    reports = StudyReport.objects.filter(township=township, year=year).only(
        "id", "person_id", "month", "status", "late", "grade"
    )
    by_key = {(r.person_id, r.month): r for r in reports}
    rows = []
    totals = {status: 0 for status in ("submitted", "late", "missing", "draft")}
    for person in people:
        cells = []
        for month in MONTHS:
            report = by_key.get((person.pk, month))
            status = deadlines.report_status(
                status=report.status if report else None,
                late=report.late if report else False,
                year=year,
                month=month,
                due_day=due_day,
                now=now,
            )
            if status in totals:
                totals[status] += 1
            cells.append(
                {
                    "month": month,
                    "status": status,
                    # Drafts are the author's own (LRN-3): the grid shows no link to them.
                    "report": report if report and report.is_submitted else None,
                    "grade": report.get_grade_display()
                    if report and report.grade
                    else "",
                }
            )
        rows.append({"person": person, "cells": cells})
    return {"rows": rows, "months": list(MONTHS), "totals": totals}


# Compliance figures (SPEC "Oversight": drill down to the record behind each figure) --------


def submission_rate_by_month(
    township: Township, year: int, now: datetime.datetime | None = None
) -> list[Figure]:
    """LRN-3: per month whose deadline has passed, the share of cadres who submitted.

    The cadres counted are the township's active cadres today. `value` is a percentage
    (int, rounded down) or None for a township without cadres; `records` are the missing
    cadres, `detail` has the counts and the submitted reports.
    """
    now = now or timezone.now()
    due_day = township.study_report_due_day
    people = list(cadres_of(township))
    submitted = list(
        StudyReport.objects.filter(
            township=township, year=year, status=StudyReport.Status.SUBMITTED
        ).select_related("person")
    )
    by_month: dict[int, list[StudyReport]] = {}
    for report in submitted:
        by_month.setdefault(report.month, []).append(report)
    figures = []
    first = org.first_counted_day(township, datetime.date(year, 1, 1))
    for month in MONTHS:
        if now < deadlines.deadline(year, month, due_day):
            continue  # not yet due: no figure
        if (year, month) < (first.year, first.month):
            continue  # before the township keeps its records here
        reports = [r for r in by_month.get(month, []) if r.person.active]
        done = {r.person_id for r in reports}
        missing = [p for p in people if p.pk not in done]
        expected = len(people)
        count = len([r for r in reports if r.person_id in {p.pk for p in people}])
        figures.append(
            Figure(
                value=(count * 100 // expected) if expected else None,
                records=missing,
                detail={
                    "month": month,
                    "expected": expected,
                    "submitted": count,
                    "late": sum(1 for r in reports if r.late),
                    "reports": reports,
                },
            )
        )
    return figures


def months_without_study_day(
    township: Township, year: int, kind: str, today: datetime.date | None = None
) -> Figure:
    """The months of `year` that have ended without a study day of `kind`.
    `value` is the number of such months, `records` the months, `detail` the days held."""
    today = today or timezone.localdate()
    days = list(
        StudyDay.objects.filter(township=township, kind=kind, date__year=year).order_by(
            "date"
        )
    )
    held = {day.date.month for day in days}
    first = org.first_counted_day(township, datetime.date(year, 1, 1))
    ended = [
        m
        for m in MONTHS
        if (first.year, first.month) <= (year, m) < (today.year, today.month)
    ]
    gaps = [m for m in ended if m not in held]
    return Figure(value=len(gaps), records=gaps, detail={"days": days})


def months_without_central_group_study(
    township: Township, year: int, today: datetime.date | None = None
) -> Figure:
    """LRN-2: months that ended without the central group's concentrated study."""
    return months_without_study_day(township, year, StudyDay.Kind.CENTRAL_GROUP, today)


def months_without_collective_study(
    township: Township, year: int, today: datetime.date | None = None
) -> Figure:
    """LRN-3: months that ended without the cadres' collective study day."""
    return months_without_study_day(township, year, StudyDay.Kind.COLLECTIVE, today)


def disqualifications(township: Township, year: int | None = None) -> Figure:
    """LRN-6: cadres disqualified for not passing an exam by its deadline."""
    rows = ExamCandidate.objects.filter(township=township, disqualified=True)
    if year is not None:
        rows = rows.filter(exam__deadline__year=year)
    records = list(rows.select_related("person", "exam").order_by("-disqualified_at"))
    return Figure(value=len(records), records=records)


# Lists of the other pages ------------------------------------------------------------------


def plans_of(township: Township) -> QuerySet[StudyPlan]:
    return StudyPlan.objects.filter(township=township).select_related("approved_by")


def study_days_of(township: Township) -> QuerySet[StudyDay]:
    return (
        StudyDay.objects.filter(township=township)
        .prefetch_related("attendance__person")
        .order_by("-date", "-pk")
    )


def training_of(township: Township) -> QuerySet[TrainingRecord]:
    return (
        TrainingRecord.objects.filter(township=township)
        .select_related("person")
        .order_by("-start", "-pk")
    )


def exams_of(township: Township) -> QuerySet[QualificationExam]:
    return QualificationExam.objects.filter(township=township).prefetch_related(
        Prefetch(
            "candidates",
            queryset=ExamCandidate.objects.select_related("person").order_by(
                "person__name"
            ),
        )
    )
