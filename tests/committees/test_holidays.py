"""The county's corrections of the holiday calendar: county data every period counts with."""

from __future__ import annotations

import datetime

import pytest

from committees import services
from committees.errors import NotCountyReviewer
from committees.models import HolidayCorrection
from committees.selectors import work_calendar


def test_apt3_only_the_county_reviewer_corrects_the_calendar(world, english):
    for user in (world.a.secretary, world.far_reviewer, world.system_admin):
        with pytest.raises(NotCountyReviewer):
            services.holiday_correction_set(
                actor=user,
                county=world.county,
                date=datetime.date(2026, 11, 30),
                is_working_day=False,
                note="x",
            )
    assert HolidayCorrection.objects.count() == 0
    services.holiday_correction_set(
        actor=world.reviewer,
        county=world.county,
        date=datetime.date(2026, 11, 30),
        is_working_day=False,
        note="x",
    )
    services.holiday_correction_set(
        actor=world.reviewer,
        county=world.county,
        date=datetime.date(2026, 11, 30),
        is_working_day=True,
        note="更正",
    )
    correction = HolidayCorrection.objects.get()
    assert correction.is_working_day and correction.history.count() == 2


def test_apt3_work_calendar_reads_the_county_corrections(world):
    """APT-3: the corrections of a county, and no other county's, enter its calendar."""
    day = datetime.date(2026, 11, 30)  # a Monday
    assert work_calendar(world.county).is_working_day(day)
    services.holiday_correction_set(
        actor=world.reviewer,
        county=world.county,
        date=day,
        is_working_day=False,
        note="x",
    )
    assert not work_calendar(world.county).is_working_day(day)
    assert not work_calendar(world.county.pk).is_working_day(day)
    assert work_calendar(world.far.county).is_working_day(day)
