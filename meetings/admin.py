"""SEC-6: meetings' records are read-only in the admin; they change only through services."""

from django.contrib import admin

from committees.admin import ReadOnlyAdmin
from meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Decision,
    EmergencyDecision,
    Material,
    Meeting,
    MinutesVersion,
)

for model in (
    Meeting,
    AgendaItem,
    Attendance,
    Ballot,
    Decision,
    EmergencyDecision,
    Material,
    MinutesVersion,
):
    admin.site.register(model, ReadOnlyAdmin)
