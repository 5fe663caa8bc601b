"""Refusals of the learning rules (SPEC LRN-1 … LRN-6). Messages are asserted exactly by tests."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class StudyPlanExists(DomainError):
    rule = "LRN-1"
    message = _("The study plan for %(year)s already exists.")


class StudyPlanApproved(DomainError):
    rule = "LRN-1"
    message = _("The study plan is approved and can no longer be changed.")


class StudyPlanIncomplete(DomainError):
    rule = "LRN-1"
    message = _(
        "A study plan needs topics in every area (political theory, economics, science and "
        "culture, law) before it is approved. Missing: %(areas)s."
    )


class StudyDayNeedsAttendance(DomainError):
    rule = "LRN-2"
    message = _("Record who attended the study day.")


class StudyDayInFuture(DomainError):
    rule = "LRN-2"
    message = _("A study day is recorded after it took place, not before.")


class ReportAlreadySubmitted(DomainError):
    rule = "LRN-3"
    message = _("This study report is already submitted and can no longer be edited.")


class ReportMonthNotStarted(DomainError):
    rule = "LRN-3"
    message = _(
        "The report for month %(month)s of %(year)s cannot be written before the month "
        "begins."
    )


class ReportEmpty(DomainError):
    rule = "LRN-3"
    message = _("An empty study report cannot be submitted.")


class ReportNotSubmitted(DomainError):
    rule = "LRN-3"
    message = _("Only a submitted study report can be commented on or graded.")


class NotACadre(DomainError):
    rule = "LRN-3"
    message = _("Your account is not linked to a cadre of this township.")


class TrainingHoursInvalid(DomainError):
    rule = "LRN-4"
    message = _("Training hours must be more than zero.")


class SpotCheckExists(DomainError):
    rule = "LRN-5"
    message = _("The spot check for %(year)s has already been drawn.")


class SpotCheckTooEarly(DomainError):
    rule = "LRN-5"
    message = _(
        "The mid-year spot check of %(year)s can be drawn from 1 June of that year."
    )


class SpotCheckNobody(DomainError):
    rule = "LRN-5"
    message = _("There are no cadres to sample.")


class ExamClosed(DomainError):
    rule = "LRN-6"
    message = _("The exam's deadline has passed; results can no longer be changed.")


class ExamNoCandidates(DomainError):
    rule = "LRN-6"
    message = _("Choose the cadres the exam applies to.")


class TrainingEndsBeforeStart(DomainError):
    rule = "LRN-4"
    message = _("A training cannot end before the day it starts.")


class SpotCheckSampleTooSmall(DomainError):
    rule = "LRN-5"
    message = _("The sample must hold at least one cadre.")
