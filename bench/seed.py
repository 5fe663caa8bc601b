"""Seed the page benchmark's database and log its personas in (used by `bench.run`).

    DJANGO_SETTINGS_MODULE=config.settings.bench DATABASE_URL=... \
        uv run python -m bench.seed [--members 15] [--items 20] [--small]

Idempotent: the demo county (`committees.demo.build`) is built once, then the benchmark's
meeting — `--members` committee members × `--items` agenda items, every ballot cast, every
item closed, the meeting still open — once in the first demo township, through the meetings
services (DEC-2: it is scheduled in the past and opened at its notified start by travelling
there with `time_machine`). `--small` (the smoke run) builds only the first demo township.

Every run then creates one fresh server-side session per persona (OTP-verified when
django-otp is installed, as a login with its second factor would leave it) and prints, as
JSON on its last line, the pages to measure: name, path, persona, session cookie, goal.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys

BENCH_TITLE = "党委会议（基准：{members}人×{items}项）"


def _build_demo(small: bool) -> None:
    from committees import demo
    from committees.models import Township
    from core import outbox

    wanted = demo.TOWNSHIPS[:1] if small else demo.TOWNSHIPS
    if all(Township.objects.filter(slug=slug).exists() for slug, *_ in wanted):
        return
    saved = demo.TOWNSHIPS
    demo.TOWNSHIPS = wanted
    try:
        # The build's tasks (minutes PDFs) stay in the outbox: no worker renders them here.
        with outbox.held():
            demo.build()
    finally:
        demo.TOWNSHIPS = saved


def _build_meeting(slug: str, members: int, items: int):
    """The benchmark's meeting in township `slug`: `members` of its committee attend and
    vote on `items` items; idempotent (found again by its title)."""
    import time_machine
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from committees import services as org_services
    from committees.models import Body, Membership, Person, Township
    from core import outbox
    from meetings import services
    from meetings.models import AgendaItem, Ballot, Meeting

    township = Township.objects.get(slug=slug)
    committee = Body.objects.get(township=township, kind=Body.Kind.COMMITTEE)
    people = [
        m.person
        for m in Membership.objects.filter(body=committee, end__isnull=True)
        .select_related("person")
        .order_by("id")
    ]
    # Every member of the committee attends (quorum); a committee smaller than asked
    # gets more members.
    members = max(members, len(people))
    title = BENCH_TITLE.format(members=members, items=items)
    found = Meeting.objects.filter(township=township, title=title).first()
    if found is not None:
        return found
    User = get_user_model()
    secretary = User.objects.get(username=f"{slug}-secretary")
    clerk = User.objects.get(username=f"{slug}-clerk")
    for i in range(len(people), members):
        person = org_services.person_create(
            actor=None, township=township, name=f"基准委员{i + 1:02d}"
        )
        org_services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role=Membership.Role.MEMBER,
            start=datetime.date(2024, 1, 1),
        )
        people.append(person)
    scheduled_at = timezone.now() - datetime.timedelta(days=10)
    with outbox.held(), time_machine.travel(scheduled_at, tick=True):
        meeting = services.meeting_schedule(
            actor=clerk,
            township=township,
            body_kind=Body.Kind.COMMITTEE,
            title=title,
            start=scheduled_at + datetime.timedelta(days=3),
            place="三楼会议室",
            convener=people[0],
        )
        made = []
        for n in range(items):
            personnel = n % 5 == 4
            nominees = (
                [
                    org_services.person_create(
                        actor=None,
                        township=township,
                        name=f"拟任{n + 1:02d}",
                        kind=Person.Kind.CADRE,
                    )
                ]
                if personnel
                else []
            )
            made.append(
                services.agenda_item_propose(
                    actor=secretary,
                    meeting=meeting,
                    title=f"第{n + 1}项议题：研究乡镇重点工作事项",
                    kind=(
                        AgendaItem.Kind.PERSONNEL
                        if personnel
                        else AgendaItem.Kind.ORDINARY
                    ),
                    nominees=nominees,
                )
            )
        services.agenda_fix(actor=clerk, meeting=meeting)
        services.notice_send(actor=clerk, meeting=meeting)
    with (
        outbox.held(),
        time_machine.travel(meeting.start + datetime.timedelta(minutes=1), tick=True),
    ):
        for person in people:
            services.attendance_arrive(actor=clerk, meeting=meeting, person=person)
        services.meeting_open(actor=clerk, meeting=meeting)
        voter_person = {p.pk for p in people}
        secretary_person = Person.objects.filter(user=secretary).first()
        voters = [p for p in people if p != secretary_person] + [
            p for p in people if p == secretary_person
        ]  # the secretary votes last
        assert {p.pk for p in voters} == voter_person
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
    return meeting


def _session(user) -> str:
    """A fresh server-side session for `user`, as `django.contrib.auth.login` leaves it
    (and django-otp's login after the second factor, when installed)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if "django_otp" in settings.INSTALLED_APPS:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.set_expiry(settings.SESSION_COOKIE_AGE)
    store.create()
    return store.session_key


def pages(slug: str, meeting) -> list[dict]:
    """The pages the benchmark measures, with the persona who opens each."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from cadres.appointments.models import AppointmentCase
    from committees.models import Township
    from disclosure.models import Category, Item
    from finance.models import Budget, QuarterlyReport
    from projects.models import Project

    township = Township.objects.get(slug=slug)
    secretary = f"{slug}-secretary"
    rows = [
        ("bare view", "/bench/bare/", None, "bare"),
        ("bare view, logged in", "/bench/bare-logged-in/", secretary, "ceiling"),
        ("secretary's home", reverse("home"), secretary, "daily"),
        ("meeting list", reverse("meetings:list", args=[slug]), secretary, "daily"),
        (
            "meeting screen {m}×{i}",
            reverse("meetings:live", args=[slug, meeting.pk]),
            secretary,
            "daily",
        ),
        (
            "meeting detail {m}×{i}",
            reverse("meetings:detail", args=[slug, meeting.pk]),
            secretary,
            "daily",
        ),
        ("study grid", reverse("cadres:report_grid", args=[slug]), secretary, "daily"),
        ("my study", reverse("cadres:my_study", args=[slug]), f"{slug}-cadre", "daily"),
    ]
    case = AppointmentCase.objects.filter(township=township).order_by("pk").first()
    if case is not None:
        rows.append(
            (
                "appointment case",
                reverse("appointments:case", args=[slug, case.pk]),
                secretary,
                "daily",
            )
        )
    rows.append(
        ("finance home", reverse("finance:home", args=[slug]), secretary, "daily")
    )
    budget = (
        Budget.objects.filter(township=township, status=Budget.Status.APPROVED)
        .order_by("-year")
        .first()
        or Budget.objects.filter(township=township).order_by("-year").first()
    )
    if budget is not None:
        rows += [
            (
                "budget",
                reverse("finance:budget", args=[slug, budget.pk]),
                secretary,
                "daily",
            ),
            (
                "ledger",
                reverse("finance:ledger", args=[slug, budget.pk]),
                secretary,
                "daily",
            ),
        ]
    report = QuarterlyReport.objects.filter(township=township).order_by("pk").last()
    if report is not None:
        rows.append(
            (
                "quarterly report",
                reverse("finance:report", args=[slug, report.pk]),
                secretary,
                "daily",
            )
        )
    rows.append(
        ("project list", reverse("projects:list", args=[slug]), secretary, "daily")
    )
    project = Project.objects.filter(township=township).order_by("pk").first()
    if project is not None:
        rows.append(
            (
                "project",
                reverse("projects:detail", args=[slug, project.pk]),
                secretary,
                "daily",
            )
        )
    rows.append(
        (
            "county dashboard",
            reverse("oversight:dashboard", args=[township.county_id]),
            "county-reviewer",
            "dashboard",
        )
    )
    rows.append(
        (
            "public column (cached)",
            reverse("disclosure:category", args=[slug, Category.PUBLIC_NOTICE]),
            None,
            "cached",
        )
    )
    item = (
        Item.objects.filter(township=township)
        .public_on(timezone.localdate())
        .order_by("-pk")
        .first()
    )
    if item is not None:
        rows.append(
            (
                "public item (cached)",
                reverse("disclosure:item", args=[slug, item.pk]),
                None,
                "cached",
            )
        )
    User = get_user_model()
    sessions: dict[str, str] = {}
    members = meeting.attendance.count()
    made = []
    for name, path, persona, goal in rows:
        if persona and persona not in sessions:
            sessions[persona] = _session(User.objects.get(username=persona))
        made.append(
            {
                "name": name.format(m=members, i=meeting.items.count()),
                "path": path,
                "persona": persona,
                "session": sessions.get(persona),
                "goal": goal,
            }
        )
    return made


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=15)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import transaction
    from django.utils import translation

    from committees import demo

    slug = demo.TOWNSHIPS[0][0]
    with translation.override("zh-hans"):
        _build_demo(args.small)
        with transaction.atomic():
            meeting = _build_meeting(slug, args.members, args.items)
        made = pages(slug, meeting)
    sys.stdout.write(json.dumps(made, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
