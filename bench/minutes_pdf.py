"""Benchmark: render the minutes PDF of a 15-member × 20-item committee meeting.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township \
        uv run python bench/minutes_pdf.py [--items 20] [--members 15] [--runs 3]

Builds the meeting through the services in a throwaway test database (test_<name>,
kept between runs), inside a transaction that is rolled back, then renders the PDF
`--runs` times and prints the time of each render, then once more under tracemalloc for the
peak of Python allocations (untimed: tracemalloc slows a render three to four times), and
the process's maximum resident set size.
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


class _Rollback(Exception):
    pass


def build(members: int, items: int):
    import datetime

    import time_machine
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from committees import access
    from committees import services as org_services
    from committees.models import Body, Membership
    from core.history import save_with_history  # noqa: F401  (services use it)
    from meetings import services
    from meetings.models import AgendaItem, Ballot

    User = get_user_model()
    county = org_services.county_create(actor=None, name="基准县")
    township = org_services.township_create(
        actor=None, county=county, name="基准镇", slug=f"bench{time.time_ns()}"
    )
    committee = Body.objects.get(township=township, kind=Body.Kind.COMMITTEE)
    people = []
    for i in range(members):
        person = org_services.person_create(
            actor=None, township=township, name=f"委员{i + 1:02d}"
        )
        org_services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role=Membership.Role.SECRETARY if i == 0 else Membership.Role.MEMBER,
            start=datetime.date(2024, 1, 1),
        )
        people.append(person)
    secretary = User.objects.create(username=f"bench-sec-{time.time_ns()}")
    clerk = User.objects.create(username=f"bench-clerk-{time.time_ns()}")
    org_services.role_grant(
        actor=None, user=secretary, township=township, role=access.Role.SECRETARY
    )
    org_services.role_grant(
        actor=None, user=clerk, township=township, role=access.Role.CLERK
    )
    meeting = services.meeting_schedule(
        actor=clerk,
        township=township,
        body_kind=Body.Kind.COMMITTEE,
        title="党委会议（基准）",
        start=timezone.now() + datetime.timedelta(days=3),
        place="三楼会议室",
        convener=people[0],
    )
    made = []
    for n in range(items):
        kind = AgendaItem.Kind.PERSONNEL if n % 5 == 4 else AgendaItem.Kind.ORDINARY
        nominees = (
            [org_services.person_create(actor=None, township=township, name=f"拟任{n}")]
            if kind == AgendaItem.Kind.PERSONNEL
            else []
        )
        made.append(
            services.agenda_item_propose(
                actor=secretary,
                meeting=meeting,
                title=f"第{n + 1}项议题：研究乡镇重点工作事项",
                kind=kind,
                nominees=nominees,
            )
        )
    services.agenda_fix(actor=clerk, meeting=meeting)
    services.notice_send(actor=clerk, meeting=meeting)
    # DEC-2: a meeting opens no earlier than its notified start: the rest happens then.
    with time_machine.travel(meeting.start + datetime.timedelta(minutes=1)):
        for person in people:
            services.attendance_arrive(actor=clerk, meeting=meeting, person=person)
        services.meeting_open(actor=clerk, meeting=meeting)
        voters = people[1:] + people[:1]  # the secretary votes last
        for item in made:
            nominee = item.nominees.first()
            for voter in voters:
                services.ballot_cast(
                    actor=clerk,
                    item=item,
                    voter=voter,
                    nominee=nominee,
                    choice=Ballot.Choice.AGREE if nominee else Ballot.Choice.YES,
                )
            services.item_close(actor=clerk, item=item)
        services.meeting_close(actor=clerk, meeting=meeting)
        version = services.minutes_draft(
            actor=clerk, meeting=meeting, text="会议逐项审议了各项议题。\n" * 10
        )
        services.minutes_sign(actor=secretary, version=version)
        services.minutes_lock(actor=secretary, version=version)
    return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction
    from django.template.loader import render_to_string
    from django.utils import translation

    from core.pdf import render_pdf
    from meetings import selectors

    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            version = build(args.members, args.items)
            print(
                f"built {args.members} members × {args.items} items in "
                f"{time.perf_counter() - started:.1f} s"
            )
            with translation.override("zh-hans"):
                context = selectors.minutes_context(version)
                timings, size = [], 0
                for _run in range(args.runs):
                    t0 = time.perf_counter()
                    data = render_pdf("meetings/pdf/minutes.html", context)
                    timings.append(time.perf_counter() - t0)
                    size = len(data)
                # The peak of Python allocations in a render of its own: tracemalloc
                # slows a render down three to four times, so it is not timed.
                tracemalloc.start()
                render_pdf("meetings/pdf/minutes.html", context)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                html = render_to_string("meetings/pdf/minutes.html", context)
            raise _Rollback
    except _Rollback:
        pass
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"PDF size: {size / 1024:.0f} KiB")
    for i, t in enumerate(timings, 1):
        print(f"run {i}: {t:.2f} s")
    print(f"peak Python allocations of one render (untimed): {peak / 2**20:.1f} MiB")
    print(
        f"best {min(timings):.2f} s; process max RSS {rss_mb:.0f} MiB (with the build)"
    )
    worker_rss(html, args.runs)


WORKER = """
import sys, time
from pathlib import Path
import django
django.setup()
from django.conf import settings
from weasyprint import HTML
def hwm():  # this process's own peak (ru_maxrss would carry the parent's over exec)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
html = open(sys.argv[1], encoding="utf-8").read()
before = hwm()
times = []
for _ in range(int(sys.argv[2])):
    t0 = time.perf_counter()
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    times.append(time.perf_counter() - t0)
print(f"{before:.0f} {hwm():.0f} " + " ".join(f"{t:.2f}" for t in times))
"""


def worker_rss(html: str, runs: int) -> None:
    """The memory of a worker that renders the minutes: a fresh process with Django set up
    (as a Celery worker has it) renders the same HTML `runs` times; its maximum RSS."""
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8") as f:
        f.write(html)
        f.flush()
        done = subprocess.run(
            [sys.executable, "-c", WORKER, f.name, str(runs)],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            check=True,
        )
    before, after, *times = done.stdout.split()
    print(
        f"a fresh worker process: {before} MiB with Django loaded, max RSS {after} MiB "
        f"after {runs} renders ({', '.join(times)} s)"
    )


if __name__ == "__main__":
    main()
