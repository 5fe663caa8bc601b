"""PIL-3 at scale: the dashboard's figures kept per township, year and month.

The county's page used to compute every figure of every township on each request (six
seconds at 1,000 townships, most of it rendering). Now:

- `recompute(townships, year)` computes the figures through `oversight.figures` (the
  mechanisms' county-wide selectors, a fixed number of queries per chunk of townships) and
  keeps them in `KeptFigure`: per township and year, the year so far (month 0), each
  month's value (1–12) and each mechanism's worst colour ("@<mechanism>"), with a marker
  row ("@") saying when and through which month they were computed.
- When a record of a mechanism changes (post_save / post_delete of any model with a
  township, in the apps below), the township is noted; on commit its markers are deleted
  (one query per transaction) and its recompute is queued. Until then the township is
  stale, and a reader recomputes it (only it) before reading: a kept figure is never read
  out of date, and a reader inside the writing transaction sees its own writes.
- Kept figures of the current year are fresh for the day they were computed (DEC-8 and
  LRN-3 move with the clock, not only with records); the nightly job
  (`oversight.tasks.figures_nightly`) recomputes them all, so the first reader of a day
  finds them ready, and compares: a kept figure that differs from the figure recomputed
  as of the moment it was kept (an update missed), or a figure that differs from its
  drill-down (a mechanism's selector and its records disagree), is logged, kept as a
  `FigureDiscrepancy` and shown on the county's page.

Reading a county is a few indexed queries whatever its size: the stale check, the page of
townships, their kept rows, the county's trends (one aggregate), its discrepancies.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from oversight import figures

logger = logging.getLogger("oversight.figures")

MARKER = "@"
CHUNK = 250  # townships per batch of the mechanisms' selectors
WATCHED_APPS = ("committees", "meetings", "cadres", "finance", "projects")
# A past year's figures no longer move with the clock once every window of its last
# month has closed (DEC-8: 30 days; LRN-3: the report deadline of December).
PAST_YEAR_SETTLED = datetime.timedelta(days=45)


def mechanism_key(mechanism: str) -> str:
    return f"{MARKER}{mechanism}"


# -- computing and keeping ----------------------------------------------------------------


def _rows_of(townships, period: figures.Period, computed_at) -> list:
    from oversight.models import KeptFigure

    data = figures.dashboard(townships, period)
    rows = []
    for row in data["rows"]:
        township = row["township"]
        common = {
            "township_id": township.pk,
            "county_id": township.county_id,
            "year": period.year,
            "through": period.end,
            "computed_at": computed_at,
        }
        rows.append(KeptFigure(month=0, key=MARKER, value=None, colour="", **common))
        for mechanism in row["mechanisms"]:
            rows.append(
                KeptFigure(
                    month=0,
                    key=mechanism_key(mechanism["key"]),
                    value=None,
                    colour=mechanism["colour"],
                    **common,
                )
            )
            for cell in mechanism["cells"]:
                if not cell.figure.available:
                    continue
                rows.append(
                    KeptFigure(
                        month=0,
                        key=cell.figure.key,
                        value=cell.value,
                        colour=cell.colour,
                        **common,
                    )
                )
                for month, value in cell.by_month.items():
                    rows.append(
                        KeptFigure(
                            month=month,
                            key=cell.figure.key,
                            value=value,
                            colour="",
                            **common,
                        )
                    )
    return rows


def recompute(townships, year: int | None = None, now=None) -> int:
    """Compute and keep the figures of `townships` (Township objects) for `year` as of
    `now`; returns the number of rows kept. A fixed number of queries per chunk."""
    from oversight.models import KeptFigure

    now = now or timezone.now()
    period = figures.Period.for_year(year, now=now)
    townships = list(townships)
    kept = 0
    for index in range(0, len(townships), CHUNK):
        chunk = townships[index : index + CHUNK]
        rows = _rows_of(chunk, period, now)
        with transaction.atomic():
            KeptFigure.objects.filter(
                township_id__in=[t.pk for t in chunk], year=period.year
            ).delete()
            # Two readers recomputing one township at once keep the same figures: the
            # second's rows give way to the first's.
            KeptFigure.objects.bulk_create(  # history-ok: derived data
                rows, batch_size=2000, ignore_conflicts=True
            )
        kept += len(rows)
    return kept


def _fresh_from(period: figures.Period, now) -> datetime.datetime:
    """Kept figures computed from this moment on are fresh for `period`."""
    today = timezone.localtime(now).date()
    if period.year < today.year:
        settled = period.end + PAST_YEAR_SETTLED
        if settled <= today:
            return _midnight(settled)
    return _midnight(today)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day))


def stale(townships_qs, period: figures.Period, counties) -> list:
    """The townships of `townships_qs` (of `counties`, their ids) whose kept figures of
    `period` are missing, out of date or changed in this thread's open transaction (one
    query)."""
    from oversight.models import KeptFigure

    fresh = KeptFigure.objects.filter(
        county_id__in=counties,
        year=period.year,
        month=0,
        key=MARKER,
        through=period.end,
        computed_at__gte=_fresh_from(period, period.now),
    ).values("township_id")
    found = list(townships_qs.exclude(pk__in=fresh))
    pending = _pending_ids()
    if pending:
        seen = {t.pk for t in found}
        found += list(townships_qs.filter(pk__in=pending - seen))
    return found


def ensure_fresh(townships_qs, period: figures.Period, counties) -> int:
    """Recompute the stale townships of `townships_qs` (of `counties`, their ids) before
    reading; returns how many."""
    found = stale(townships_qs, period, counties)
    if found:
        recompute(found, period.year, now=period.now)
    return len(found)


# -- reading ------------------------------------------------------------------------------


def rows(townships, period: figures.Period, listed=None) -> list[dict]:
    """The dashboard's rows for `townships` (a page), from their kept figures (one
    query): the same cells as `figures.dashboard`, without the months."""
    from oversight.models import KeptFigure

    listed = figures.listed() if listed is None else listed
    values: dict[int, dict[str, object]] = defaultdict(dict)
    for tid, key, value in KeptFigure.objects.filter(
        township_id__in=[t.pk for t in townships], year=period.year, month=0
    ).values_list("township_id", "key", "value"):
        values[tid][key] = value
    result = []
    for township in townships:
        kept = values.get(township.pk, {})
        mechanisms = []
        for key, label in figures.MECHANISMS:
            cells = []
            for f in listed:
                if f.mechanism != key:
                    continue
                if f.available and f.key in kept:
                    value = kept[f.key]
                    cells.append(figures.Cell(f, value, f.colour(value)))
                else:
                    cells.append(figures.Cell(f, None, figures.NONE))
            recorded = [c.colour for c in cells if c.colour != figures.NONE]
            worst = max(recorded, key=figures.COLOUR_ORDER.get, default=figures.NONE)
            mechanisms.append(
                {
                    "key": key,
                    "label": label,
                    "cells": cells,
                    "colour": worst,
                    "colour_label": figures.COLOUR_LABELS[worst],
                    "symbol": figures.SYMBOLS[worst],
                }
            )
        result.append({"township": township, "mechanisms": mechanisms})
    return result


def trends(townships_qs, period: figures.Period, counties, listed=None) -> list[dict]:
    """The county's trend per month (one aggregate over the kept months of `counties`,
    their ids, through their index): the number of townships in breach, or the county's
    rate — as `figures.dashboard` computes them."""
    from oversight.models import KeptFigure

    listed = figures.listed() if listed is None else listed
    with_trend = [f for f in listed if f.available and f.trend is not None]
    totals = {
        (key, month): (total, known)
        for key, month, total, known in KeptFigure.objects.filter(
            county_id__in=counties,
            township__in=townships_qs,
            year=period.year,
            month__gt=0,
            key__in=[f.key for f in with_trend],
        )
        .values_list("key", "month")
        .annotate(total=Sum("value"), known=Count("value"))
        .values_list("key", "month", "total", "known")
        .order_by()
    }
    result = []
    for f in with_trend:
        bars = []
        for month in period.months:
            total, known = totals.get((f.key, month), (None, 0))
            if not known:
                value = None  # unknown, never a made-up 0
            elif f.unit == "%":
                value = total // known
            else:
                value = total
            bars.append({"month": month, "value": value})
        result.append({"figure": f, "bars": bars, "percent": f.unit == "%"})
    return result


def county_summaries(counties, townships_qs, period: figures.Period) -> dict:
    """Per county: its townships, and per mechanism how many are green, amber, red or
    not yet recorded (one aggregate) — what a province sees."""
    from oversight.models import KeptFigure

    found: dict[int, dict] = {
        c.pk: {"townships": 0, "mechanisms": defaultdict(dict)} for c in counties
    }
    for county_id, key, colour, n in (
        KeptFigure.objects.filter(
            township__in=townships_qs,
            year=period.year,
            month=0,
            key__startswith=MARKER,
        )
        .values_list("county_id", "key", "colour")
        .annotate(n=Count("id"))
        .values_list("county_id", "key", "colour", "n")
        .order_by()
    ):
        if county_id not in found:
            continue
        if key == MARKER:
            found[county_id]["townships"] += n
        else:
            found[county_id]["mechanisms"][key[len(MARKER) :]][colour] = n
    return found


# -- noting changes -----------------------------------------------------------------------

_local = threading.local()  # per thread, per database alias: townships noted
_watched: dict[type, object] = {}


def _pending() -> dict[str, set[int]]:
    if not hasattr(_local, "pending"):
        _local.pending = defaultdict(set)
    return _local.pending


def _pending_ids() -> set[int]:
    return _pending().get(transaction.get_connection().alias, set())


def _township_id_of(sender):
    """How to read the township of a saved instance of `sender`, or None."""
    if sender in _watched:
        return _watched[sender]
    meta = sender._meta
    getter = None
    if meta.app_label in WATCHED_APPS and not meta.model_name.startswith("historical"):
        if meta.label == "committees.Township":
            getter = "pk"
        elif any(f.name == "township" for f in meta.concrete_fields):
            getter = "township_id"
    _watched[sender] = getter
    return getter


def _noted(sender, instance, using=None, **kwargs) -> None:
    getter = _township_id_of(sender)
    if getter is None:
        return
    township_id = getattr(instance, getter, None)
    if township_id is None:
        return
    alias = using or "default"
    _pending()[alias].add(township_id)
    # Registered for every change (a rolled-back transaction drops its callbacks): the
    # first at commit deletes the markers of all, the others find nothing left to do.
    transaction.on_commit(lambda: _flush(alias), using=alias)


def _flush(alias: str) -> None:
    """On commit: the noted townships' kept figures are stale (markers deleted, one
    query); their recompute is queued when a broker is configured."""
    from oversight.models import KeptFigure

    ids = _pending().pop(alias, set())
    if not ids:
        return
    KeptFigure.objects.using(alias).filter(township_id__in=ids, key=MARKER).delete()
    _queue_recompute(sorted(ids))


def _queue_recompute(ids: list[int]) -> None:
    from django.conf import settings

    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        return  # no broker: the next reader recomputes them (only them)
    try:
        from celery import current_app

        current_app.send_task("oversight.tasks.figures_recompute", args=[ids])
    except Exception as error:  # broker down: the reader or the night recomputes
        logger.warning("figure recompute not queued: %s", error)


def connect() -> None:
    post_save.connect(_noted, dispatch_uid="oversight.kept.saved")
    post_delete.connect(_noted, dispatch_uid="oversight.kept.deleted")


# -- the nightly check ----------------------------------------------------------------------


def check_and_recompute(counties=None, year=None, now=None, drill=True) -> list:
    """Recompute every kept figure and compare (see the module's docstring). Returns the
    discrepancies found (saved and logged)."""
    from committees.models import County, Township
    from oversight.models import FigureDiscrepancy, KeptFigure

    now = now or timezone.now()
    period = figures.Period.for_year(year, now=now)
    today = timezone.localtime(now).date()
    counties = list(County.objects.all() if counties is None else counties)
    listed = [f for f in figures.listed() if f.available]
    found = []
    for county in counties:
        townships = list(Township.objects.filter(county=county).order_by("pk"))
        by_id = {t.pk: t for t in townships}
        kept: dict[tuple[int, str], object] = {}
        moments: dict[datetime.datetime, list[int]] = defaultdict(list)
        for tid, key, value, at in KeptFigure.objects.filter(
            county=county, year=period.year, month=0
        ).values_list("township_id", "key", "value", "computed_at"):
            if key == MARKER:
                moments[at].append(tid)
            else:
                kept[(tid, key)] = value
        # 1. Kept against recomputed as of the moment it was kept: an update missed.
        for at, ids in moments.items():
            then = figures.Period.for_year(period.year, now=at)
            group = [by_id[i] for i in ids if i in by_id]
            for index in range(0, len(group), CHUNK):
                data = figures.dashboard(group[index : index + CHUNK], then)
                for row in data["rows"]:
                    for cell in _cells(row):
                        was = kept.get((row["township"].pk, cell.figure.key))
                        if was != cell.value:
                            found.append(
                                FigureDiscrepancy(
                                    township=row["township"],
                                    year=period.year,
                                    key=cell.figure.key,
                                    kind=FigureDiscrepancy.Kind.KEPT_STALE,
                                    expected=cell.value,
                                    found=was,
                                    checked_on=today,
                                )
                            )
        # 2. Recompute all as of now.
        recompute(townships, period.year, now=now)
        # 3. Each figure against its drill-down.
        if drill:
            fresh = {
                (tid, key): value
                for tid, key, value in KeptFigure.objects.filter(
                    county=county, year=period.year, month=0
                ).values_list("township_id", "key", "value")
            }
            for township in townships:
                if figures.records_begin_after(township, period):
                    continue
                for f in listed:
                    if (township.pk, f.key) not in fresh:
                        continue
                    value = fresh[(township.pk, f.key)]
                    if f.colour(value) == figures.NONE:
                        continue
                    drilled = f.drill_down(township, period).value
                    if drilled != value:
                        found.append(
                            FigureDiscrepancy(
                                township=township,
                                year=period.year,
                                key=f.key,
                                kind=FigureDiscrepancy.Kind.DRILL_DOWN,
                                expected=drilled,
                                found=value,
                                checked_on=today,
                            )
                        )
    for discrepancy in found:
        discrepancy.save()
        logger.warning(
            "PIL-3 figure discrepancy: township %s, %s %s: %s (kept or shown %s, "
            "recomputed or drilled %s)",
            discrepancy.township_id,
            discrepancy.year,
            discrepancy.key,
            discrepancy.kind,
            discrepancy.found,
            discrepancy.expected,
        )
    return found


def vacuum() -> None:
    """VACUUM (ANALYZE) the kept figures after a full recompute, outside any transaction:
    the county's trend is an index-only scan once the table's pages are all-visible. A role
    that does not own the table gets PostgreSQL's warning and nothing is done."""
    from django.db import connection

    if connection.in_atomic_block:
        return
    from oversight.models import KeptFigure

    with connection.cursor() as cursor:
        cursor.execute(f'VACUUM (ANALYZE) "{KeptFigure._meta.db_table}"')


def _cells(row):
    for mechanism in row["mechanisms"]:
        for cell in mechanism["cells"]:
            if cell.figure.available:
                yield cell


def discrepancies(townships_qs, since_days: int = 7):
    """The discrepancies the nightly check found lately in these townships."""
    from oversight.models import FigureDiscrepancy

    since = timezone.localdate() - datetime.timedelta(days=since_days)
    return list(
        FigureDiscrepancy.objects.filter(
            township__in=townships_qs, checked_on__gte=since
        ).select_related("township")
    )
