"""Benchmark: the FIN-2 quarterly report of a township's year — 30 budget lines, 2,000
ledger entries — drawn from the ledger and rendered as the PDF and the .xlsx.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township \
        uv run python bench/finance_report.py [--lines 30] [--entries 2000] [--runs 3]

Builds the budget (drafted, reported to a committee meeting that passes it, approved by the
congress) and the entries through the finance services in a throwaway test database
(test_<name>, kept between runs), inside a transaction that is rolled back. Then, `--runs`
times: the figures (`quarter_report_data`: one query for every line's quarter and year to
date), the PDF and the workbook, each timed (the first run is cold), then once more under
tracemalloc for the peak of Python allocations; the process's maximum resident set size
at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder would shadow the standard library's `selectors`.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

YEAR = 2026


class _Rollback(Exception):
    pass


def _lines(count: int):
    """`count` lines: a sixth revenue, the rest spending, one of them the reserve fund at
    2 % of general spending (FIN-3)."""
    from finance.models import BudgetLine

    Kind, Direction = BudgetLine.Kind, BudgetLine.Direction
    revenue = max(1, count // 6)
    spending = count - revenue - 1
    rows = [
        (
            f"10304{i:02d}",
            Kind.NON_TAX_REVENUE,
            Direction.REVENUE,
            f"非税收入{i + 1}",
            "300000.00",
        )
        for i in range(revenue)
    ]
    rows += [
        (
            f"20101{i:02d}",
            Kind.GENERAL,
            Direction.SPENDING,
            f"一般公共服务支出{i + 1}",
            "200000.00",
        )
        for i in range(spending)
    ]
    general = 200000 * spending
    rows.append(
        (
            "2270101",
            Kind.RESERVE_FUND,
            Direction.SPENDING,
            "预备费",
            f"{general // 50}.00",
        )
    )
    return rows


def build(lines: int, entries: int):
    import datetime
    import random
    from decimal import Decimal

    import time_machine
    from django.utils import timezone

    from finance import services as finance_services
    from finance.models import BudgetLine, LedgerEntry
    from tests.finance import factories as ff
    from tests.meetings import factories as mf

    town = mf.make_town(members=9, name="基准镇")
    noon = datetime.time(12)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(datetime.date(YEAR, 1, 5), noon))
    ):
        budget = ff.approve_budget(
            town,
            ff.draft_budget(
                town,
                YEAR,
                [(c, k, d, n, a, False, "") for c, k, d, n, a in _lines(lines)],
            ),
        )
    budget_lines = list(
        BudgetLine.objects.filter(budget=budget).exclude(kind="reserve_fund")
    )
    rnd = random.Random(12)
    first = datetime.date(YEAR, 1, 11)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(datetime.date(YEAR, 10, 1), noon))
    ):
        for n in range(entries):
            line = budget_lines[n % len(budget_lines)]
            spent = line.direction == BudgetLine.Direction.SPENDING
            finance_services.entry_record(
                actor=town.clerk,
                line=line,
                kind=LedgerEntry.Kind.SPENT if spent else LedgerEntry.Kind.PAID_IN,
                amount=Decimal(rnd.randrange(10000, 250000)) / 100,
                date=first + datetime.timedelta(days=rnd.randrange(0, 262)),
                counterparty="基准单位",
                purpose=f"基准用途{n}",
            )
    return town


def _measure(label, call, runs):
    """`runs` timed calls (untraced: tracemalloc slows rendering several times), then one
    more under tracemalloc for the peak of Python allocations."""
    timings, result = [], None
    for _run in range(runs):
        t0 = time.perf_counter()
        result = call()
        timings.append(time.perf_counter() - t0)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{label}: best {min(timings) * 1000:.0f} ms, runs "
        + ", ".join(f"{t * 1000:.0f}" for t in timings)
        + f" ms; peak Python allocations {peak / 2**20:.1f} MiB"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import datetime

    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from finance.reports import selectors
    from finance.reports.pdf import render_quarter_pdf
    from finance.reports.xlsx import render_xlsx

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)
    try:
        with transaction.atomic(), translation.override("zh-hans"):
            started = time.perf_counter()
            town = build(args.lines, args.entries)
            print(
                f"built {args.lines} lines × {args.entries} entries in "
                f"{time.perf_counter() - started:.1f} s"
            )
            today = datetime.date(YEAR, 10, 2)
            with CaptureQueriesContext(connection) as queries:
                data = selectors.quarter_report_data(town.township, YEAR, 3, today)
            print(f"figures: {len(data.rows)} lines in {len(queries)} queries")
            data = _measure(
                "figures (SQL sums)",
                lambda: selectors.quarter_report_data(town.township, YEAR, 3, today),
                args.runs,
            )
            pdf = _measure("PDF", lambda: render_quarter_pdf(data), args.runs)
            xlsx = _measure(".xlsx", lambda: render_xlsx(data), args.runs)
            print(f"PDF {len(pdf) / 1024:.0f} KiB; .xlsx {len(xlsx) / 1024:.0f} KiB")
            print(
                f"year to date: revenue {data.revenue.year_actual:,.2f} yuan, "
                f"spending {data.spending.year_actual:,.2f} yuan"
            )
            raise _Rollback
    except _Rollback:
        pass
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS {rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()
