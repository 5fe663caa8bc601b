"""Home-page panels and navigation buttons of the learning mechanism (committees.panels)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.learning import deadlines
from cadres.roles import STAFF_READERS, TOWNSHIP_PEOPLE
from committees import access
from committees.panels import Panel


def my_report_panel(request, township, roles):
    """A cadre's own task: this month's study report, with the days left (LRN-3)."""
    from cadres.learning.models import StudyReport

    person = getattr(request.user, "person", None)
    if (
        person is None
        or person.township_id != township.pk
        or person.kind != person.Kind.CADRE
        or not (roles & TOWNSHIP_PEOPLE)
    ):
        return None
    today = timezone.localdate()
    due_day = township.study_report_due_day
    year, month = deadlines.open_month(today, due_day)
    report = StudyReport.objects.filter(person=person, year=year, month=month).first()
    return Panel(
        title=_("My study report"),
        template="cadres/partials/panel_my_report.html",
        context={
            "year": year,
            "month": month,
            "due_date": deadlines.due_date(year, month, due_day),
            "days_left": deadlines.days_left(today, year, month, due_day),
            "report": report,
        },
        order=20,
    )


def submission_panel(request, township, roles):
    """The secretary's figures: last due month's submission rate (LRN-3), gaps (LRN-2)."""
    if not roles & access.TOWNSHIP_STAFF:
        return None
    from cadres.learning import selectors

    now = timezone.now()
    today = timezone.localdate()
    figures = selectors.submission_rate_by_month(township, today.year, now)
    if not figures and today.month == 1:
        figures = selectors.submission_rate_by_month(township, today.year - 1, now)
    latest = figures[-1] if figures else None
    return Panel(
        title=_("Monthly study reports"),
        template="cadres/partials/panel_submissions.html",
        context={
            "latest": latest,
            "gap": selectors.months_without_central_group_study(township, today.year),
            "disqualified": selectors.disqualifications(township, today.year),
        },
        order=30,
    )


def register() -> None:
    from committees import panels

    panels.register(my_report_panel)
    panels.register(submission_panel)
    panels.register_nav(_("My study"), "cadres:my_study", TOWNSHIP_PEOPLE, order=20)
    panels.register_nav(
        _("Study reports"), "cadres:report_grid", STAFF_READERS, order=21
    )
    panels.register_nav(_("Study plans"), "cadres:plans", access.READERS, order=22)
    panels.register_nav(_("Study days"), "cadres:study_days", access.READERS, order=23)
    panels.register_nav(
        _("Training records"), "cadres:training", STAFF_READERS, order=24
    )
    panels.register_nav(_("Spot checks"), "cadres:spot_checks", STAFF_READERS, order=25)
    panels.register_nav(
        _("Qualification exams"), "cadres:exams", STAFF_READERS, order=26
    )
