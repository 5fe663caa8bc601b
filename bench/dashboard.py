"""Benchmark of the county dashboard (PIL-3): a generated county of 30 townships with a year
of records, timing the figures and the full page render. Everything is rolled back.

    DJANGO_SETTINGS_MODULE=config.settings.test \
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/oversight_bench \
    uv run python -m bench.dashboard [--townships 30] [--runs 5]

The database must exist and be migrated (`manage.py migrate`).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--townships", type=int, default=30)
    parser.add_argument("--cadres", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--check",
        action="store_true",
        help="also check every figure against its drill-down, township by township",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, in-memory mail
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            county, reviewer = _generate(args.townships, args.cadres)
            from oversight import figures

            period = figures.Period.for_year(
                2026, now=datetime.datetime(2027, 1, 10, tzinfo=datetime.UTC)
            )
            from committees.models import Township

            townships = list(Township.objects.filter(county=county))
            timings = []
            for _ in range(args.runs):
                start = time.perf_counter()
                figures.dashboard(townships, period)
                timings.append(time.perf_counter() - start)
            client = Client()
            client.force_login(
                reviewer, backend="django.contrib.auth.backends.ModelBackend"
            )
            url = reverse("oversight:dashboard", args=[county.pk]) + "?year=2026"
            pages = []
            for _ in range(args.runs):
                with CaptureQueriesContext(connection) as ctx:
                    start = time.perf_counter()
                    response = client.get(url)
                    pages.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
            print(
                f"{args.townships} townships, a year of records; "
                f"{args.runs} runs each\n"
                f"figures only: median {statistics.median(timings) * 1000:.0f} ms "
                f"(min {min(timings) * 1000:.0f})\n"
                f"dashboard page: median {statistics.median(pages) * 1000:.0f} ms "
                f"(min {min(pages) * 1000:.0f}), {len(ctx.captured_queries)} queries, "
                f"{len(response.content) // 1024} KiB"
            )
            if args.check:
                data = figures.dashboard(townships, period)
                checked = 0
                for row in data["rows"]:
                    for mechanism in row["mechanisms"]:
                        for cell in mechanism["cells"]:
                            if cell.colour == figures.NONE:
                                continue
                            drill = cell.figure.drill_down(row["township"], period)
                            assert drill.value == cell.value, (
                                row["township"].name,
                                cell.figure.key,
                                cell.value,
                                drill.value,
                            )
                            checked += 1
                print(f"{checked} figures agree with their drill-downs")
            raise Rollback
    except Rollback:
        pass


def _generate(n: int, cadres: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cadres.models import StudyDay, StudyReport
    from committees import services as org
    from committees.models import Body, Person
    from meetings.models import EmergencyDecision, Meeting

    started = time.perf_counter()
    county = org.county_create(
        actor=None, name="基准县", name_en="Bench", reason="bench"
    )
    reviewer = get_user_model().objects.create(username=f"bench-reviewer-{county.pk}")
    org.county_reviewer_grant(actor=None, user=reviewer, county=county)
    for i in range(n):
        township = org.township_create(
            actor=None,
            county=county,
            name=f"基准{i}镇",
            slug=f"bench-{county.pk}-{i}",
            is_pilot=i < 3,
            records_from=datetime.date(2000, 1, 1),  # every generated record counts
            reason="bench",
        )
        committee = Body.objects.get(township=township, kind=Body.Kind.COMMITTEE)
        people = [
            Person.objects.create(township=township, name=f"干部{i}-{k}")
            for k in range(cadres)
        ]
        for month in range(1, 13):
            if (i + month) % 7 == 0:
                continue  # some missed months
            when = timezone.make_aware(datetime.datetime(2026, month, 10, 9))
            Meeting.objects.create(
                township=township,
                body=committee,
                title="党委会议",
                start=when,
                place="会议室",
                status=Meeting.Status.CLOSED,
            )
            StudyDay.objects.create(
                township=township,
                kind=StudyDay.Kind.CENTRAL_GROUP,
                date=datetime.date(2026, month, 12),
                topic="理论学习",
            )
            for k, person in enumerate(people):
                if (k + month + i) % 11 == 0:
                    continue  # some missing reports
                StudyReport.objects.create(
                    township=township,
                    person=person,
                    year=2026,
                    month=month,
                    text="心得",
                    status=StudyReport.Status.SUBMITTED,
                    submitted_at=when,
                    late=(k + month) % 13 == 0,
                )
        if i % 4 == 0:
            EmergencyDecision.objects.create(
                township=township,
                decided_by=people[0],
                decided_at=timezone.make_aware(datetime.datetime(2026, 6, 15, 22)),
                what="防汛",
                why="暴雨",
            )
    print(f"generated in {time.perf_counter() - started:.1f} s")
    return county, reviewer


if __name__ == "__main__":
    main()
