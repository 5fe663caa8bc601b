"""Refusals of the roster import (SEC-3: a clear error, nothing half-saved)."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class ImportRowsInvalid(DomainError):
    rule = "SEC-3"
    message = _("The roster was not imported: %(count)s rows have errors.")


class RosterUnreadable(DomainError):
    rule = "SEC-3"
    message = _("The file is not a readable .xlsx workbook.")


class RosterEmpty(DomainError):
    rule = "SEC-3"
    message = _("The workbook is empty.")


class RosterHeadingsMissing(DomainError):
    rule = "SEC-3"
    message = _("The first row must name the columns, at least 姓名 and 类别.")
