"""Reads of the organisation. Mechanism apps ask these; views never query models directly."""

from __future__ import annotations

import datetime

from django.db.models import Case, Q, QuerySet, Value, When

from committees import rules
from committees.models import (
    Body,
    County,
    HolidayCorrection,
    Membership,
    Person,
    RuleSet,
    Township,
)
from core.periods import WorkCalendar

_ROLE_ORDER = Case(
    *[
        When(role=role, then=Value(rank))
        for rank, role in enumerate(
            [
                "secretary",
                "deputy_secretary",
                "congress_chair",
                "discipline_secretary",
                "member",
            ]
        )
    ],
    default=Value(99),
)


def first_counted_day(township: Township, start: datetime.date) -> datetime.date:
    """The first day from which gaps are counted (DEC-7, LRN-2, LRN-3): `start`, or the
    first of the month the township keeps its records here from, whichever is later. The
    secretary's home and the county dashboard both count from it."""
    if township.records_from is None:
        return start
    return max(start, township.records_from.replace(day=1))


def members_on(body: Body, on_date: datetime.date) -> QuerySet[Membership]:
    """The memberships of `body` in office on `on_date` (DEC-3: "members" = in office that day).

    Ordered secretary first, then deputies, the chairs and members, each by name.
    """
    return (
        Membership.objects.filter(body=body, start__lte=on_date)
        .filter(Q(end__isnull=True) | Q(end__gte=on_date))
        .select_related("person")
        .order_by(_ROLE_ORDER, "person__name")
    )


def body_of(township: Township, kind: str) -> Body:
    return Body.objects.get(township=township, kind=kind)


def committee_members_on(
    township: Township, on_date: datetime.date
) -> QuerySet[Membership]:
    return members_on(body_of(township, Body.Kind.COMMITTEE), on_date)


def rule_set_on(township: Township, on_date: datetime.date) -> RuleSet | None:
    """The rule-set version in force on `on_date`: the latest that took effect by then."""
    return (
        RuleSet.objects.filter(township=township, effective_from__lte=on_date)
        .order_by("-effective_from", "-version")
        .prefetch_related("threshold_rows")
        .first()
    )


def thresholds_on(
    township: Township, on_date: datetime.date
) -> tuple[RuleSet | None, dict]:
    """(rule set, thresholds) in force on the day; the seed's defaults when none is recorded."""
    rule_set = rule_set_on(township, on_date)
    if rule_set is None:
        return None, dict(rules.DEFAULT_RULES)
    return rule_set, {**rules.DEFAULT_RULES, **rule_set.thresholds()}


def people_of(township: Township, kinds=None) -> QuerySet[Person]:
    queryset = Person.objects.filter(township=township, active=True)
    if kinds:
        queryset = queryset.filter(kind__in=kinds)
    return queryset.order_by("name")


def work_calendar(county: County | int) -> WorkCalendar:
    """The China calendar with the county's corrections: every period counts with it."""
    county_id = county if isinstance(county, int) else county.pk
    return WorkCalendar(
        dict(
            HolidayCorrection.objects.filter(county_id=county_id).values_list(
                "date", "is_working_day"
            )
        )
    )
