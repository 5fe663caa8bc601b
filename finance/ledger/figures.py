"""FIN-5 on the county dashboard (PIL-3): large expenditures paid without the enlarged
meeting's decision, and refused attempts to split one purpose under the threshold.

The services refuse both, so in a township that records its money here the figure is 0;
it counts what the records show anyway (a payment above a threshold the township later
lowered, a decision later revoked, an import) and every refused split attempt, which is
kept for this reason. A township with no budget for the year reads "not yet recorded"."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import DecimalField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.selectors import first_counted_day
from core import figures as registry
from core.figures import DrillDown, TownshipFigure
from finance.budget.models import (
    DEFAULT_LARGE_EXPENDITURE_THRESHOLD,
    Budget,
    FinanceSettings,
)
from finance.ledger.models import LedgerEntry, SplitAttempt
from finance.rules import yuan_zh

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _undecided_payments(township_ids, start, end):
    """Spending entries above the township's threshold that no passed decision of an
    enlarged meeting covers (one query)."""
    threshold = Coalesce(
        Subquery(
            FinanceSettings.objects.filter(township=OuterRef("township")).values(
                "large_expenditure_threshold"
            )[:1]
        ),
        Value(DEFAULT_LARGE_EXPENDITURE_THRESHOLD),
        output_field=MONEY,
    )
    decided = Q(large_expenditure__agenda_item__decision__outcome="passed")
    return (
        LedgerEntry.objects.filter(
            township_id__in=township_ids,
            kind=LedgerEntry.Kind.SPENT,
            date__gte=start,
            date__lte=end,
        )
        .annotate(threshold=threshold)
        .filter(
            Q(large_expenditure__isnull=False, amount__gt=0) & ~decided
            | Q(large_expenditure__isnull=True, amount__gt=F("threshold"))
        )
        .select_related("line")
        .order_by("date", "id")
    )


def _attempts(township_ids, start, end):
    return SplitAttempt.objects.filter(
        township_id__in=township_ids,
        attempted_at__date__gte=start,
        attempted_at__date__lte=end,
    ).order_by("attempted_at")


def _counted(townships, start):
    """Township id → its first counted day, for townships with a budget that year."""
    with_budget = set(
        Budget.objects.filter(township__in=townships, year=start.year).values_list(
            "township_id", flat=True
        )
    )
    return {t.pk: first_counted_day(t, start) for t in townships if t.pk in with_budget}


def large_expenditure_breaches_by_township(
    townships, start: datetime.date, end: datetime.date, now=None
) -> dict[int, TownshipFigure]:
    """FIN-5 for every township in three queries. `by_month`: breaches per month."""
    counted = _counted(townships, start)
    found = {
        t.pk: TownshipFigure(None) if t.pk not in counted else TownshipFigure(0)
        for t in townships
    }
    months: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    records: dict[int, list] = defaultdict(list)
    for entry in _undecided_payments(list(counted), start, end):
        if entry.date >= counted[entry.township_id]:
            months[entry.township_id][entry.date.month] += 1
            records[entry.township_id].append(("payment", entry.pk))
    for attempt in _attempts(list(counted), start, end):
        day = timezone.localtime(attempt.attempted_at).date()
        if day >= counted[attempt.township_id]:
            months[attempt.township_id][day.month] += 1
            records[attempt.township_id].append(("split", attempt.pk))
    for tid, first in counted.items():
        by_month = {
            m: months[tid].get(m, 0) for m in registry.counted_months(first, start, end)
        }
        found[tid] = TownshipFigure(sum(by_month.values()), by_month, records[tid])
    return found


def _drill(township, start, end, now=None) -> DrillDown:
    columns = [_("Date"), _("What"), _("Purpose"), _("Amount")]
    counted = _counted([township], start)
    if township.pk not in counted:
        return DrillDown(None, columns, [])
    first = counted[township.pk]
    rows = [
        [
            entry.date.isoformat(),
            _("paid without the enlarged meeting's decision"),
            entry.purpose,
            yuan_zh(entry.amount),
        ]
        for entry in _undecided_payments([township.pk], max(start, first), end)
    ]
    rows += [
        [
            timezone.localtime(attempt.attempted_at).date().isoformat(),
            _("refused split attempt"),
            attempt.purpose,
            yuan_zh(attempt.amount),
        ]
        for attempt in _attempts([township.pk], max(start, first), end)
    ]
    rows.sort(key=lambda row: row[0])
    return DrillDown(len(rows), columns, rows)


def register() -> None:
    registry.register(
        registry.FigureDefinition(
            key="fin5",
            mechanism="finance",
            rule="FIN-5",
            label=_("Large expenditures without a decision, and split attempts"),
            colour_rule=_("0 green; 1 or more red"),
            colour=registry.count_colour(1, 1),
            by_township=large_expenditure_breaches_by_township,
            drill=_drill,
            source="finance:large_list",
            order=50,
        )
    )
