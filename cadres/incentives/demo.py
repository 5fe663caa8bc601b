"""Demo records of the incentive mechanism (committees.demo.register), idempotent: a year
of goals and targets, scores, grades (committee members' as the county decided), the
performance pool split, two democratic life meetings (one township misses the first
half-year: the INC-4 gap), village contact points and a personal-matters report."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from cadres.incentives import pay, selectors, services
from cadres.incentives.models import CadrePlan, LifeMeeting
from cadres.incentives.services import TargetInput
from committees.selectors import committee_members_on

GOALS = [
    ("经济发展", "招商引资项目落地", "引进项目 3 个以上", Decimal("30")),
    ("乡村振兴", "村集体经济增收", "每村增收 5 万元以上", Decimal("25")),
    ("社会治理", "信访事项按期办结", "办结率 95% 以上", Decimal("20")),
    ("生态环保", "人居环境整治", "整治点位 40 个", Decimal("15")),
    ("党的建设", "联系村党建指导", "每月到村 2 次以上", Decimal("10")),
]
POOL = Decimal("186543.21")
VILLAGES = ["东风村", "红旗村", "新华村", "长岭村", "石桥村", "河口村"]
# The demo township that misses the first half-year's democratic life meeting (INC-4).
MISSES_FIRST_HALF = "shucha"


def build(township, users_by_role) -> None:
    today = timezone.localdate()
    year = today.year
    rng = random.Random(f"{township.slug}-{year}")
    cadres = list(selectors.cadres_of(township))
    if not CadrePlan.objects.filter(township=township, year=year).exists():
        goals = {
            title: services.goal_add(
                actor=None, township=township, year=year, title=title
            )
            for title, *_ in GOALS
        }
        for person in cadres:
            plan = services.plan_save(
                actor=None,
                township=township,
                person=person,
                year=year,
                targets=[
                    TargetInput(target, measure, weight, goals[goal])
                    for goal, target, measure, weight in GOALS
                ],
            )
            services.scores_record(
                actor=None,
                plan=plan,
                scores={
                    t.pk: Decimal(rng.randint(7000, 9900)) / 100
                    for t in plan.targets.all()
                },
            )
        _grades(township, year, cadres)
        pool = services.pool_set(
            actor=None,
            township=township,
            year=year,
            amount=POOL,
            approval=f"县人社局、县财政局〔{year}〕绩效工资总额核定通知",
        )
        services.pool_split(actor=None, pool=pool)
    if not LifeMeeting.objects.filter(township=township).exists():
        _life_meetings(township, today)
    _contact_points(township, today)


def _grades(township, year, cadres) -> None:
    members = selectors.committee_member_ids(township, year)
    scored = sorted(
        (p for p in cadres if p.pk not in members),
        key=lambda p: -selectors.plan_score(selectors.plan_of(p, year)),
    )
    cap = pay.excellent_cap(
        len(scored), selectors.settings_of(township).excellent_percent
    )
    grades = {}
    for i, person in enumerate(scored):
        if i < cap:
            grades[person] = "excellent"
        elif i == len(scored) - 1:
            grades[person] = "basic"  # no year-end share (Art 80)
        else:
            grades[person] = "competent"
    services.grades_record(actor=None, township=township, year=year, grades=grades)
    for person in (p for p in cadres if p.pk in members):
        services.higher_grade_record(
            actor=None,
            township=township,
            year=year,
            person=person,
            grade="competent",
            decision=f"县委组织部〔{year}〕年度考核结果通知",
        )


def _life_meetings(township, today) -> None:
    halves = [datetime.date(today.year, 6, 26), datetime.date(today.year, 11, 20)]
    if township.slug == MISSES_FIRST_HALF:
        halves = halves[1:]
    for held_on in halves:
        if held_on >= today:
            continue
        due = [m.person for m in committee_members_on(township, held_on)]
        present = due[:-1] if len(due) > 3 else due
        services.life_meeting_record(
            actor=None,
            township=township,
            held_on=held_on,
            topic="以学铸魂、以学正风专题民主生活会",
            present=present,
            remarks={
                p.pk: services.MemberRemarks(
                    self_criticism="深入基层调研不够，联系群众还不够紧密。",
                    criticism="分管工作推进节奏偏慢，督促检查不够。",
                )
                for p in present
            },
            rectifications=[
                services.RectificationInput(
                    "每月到联系村走访不少于 2 次",
                    present[0],
                    held_on + datetime.timedelta(days=60),
                )
            ],
        )


def _contact_points(township, today) -> None:
    if selectors.contact_points_of(township, today).exists():
        return
    members = [m.person for m in committee_members_on(township, today)]
    for i, person in enumerate(members[: len(VILLAGES)]):
        services.contact_point_add(
            actor=None,
            township=township,
            person=person,
            village=VILLAGES[i],
            since=datetime.date(2024, 1, 1),
        )
    # Every member but the last files the yearly report (the last one is overdue: INC-6).
    for person in members[:-1]:
        services.personal_report_submit(
            actor=None,
            township=township,
            person=person,
            kind="yearly",
            year=today.year - 1,
            submitted_on=datetime.date(today.year, 1, 20),
            content="本人婚姻、出国（境）、房产、投资等事项均无变化。",
            relative_employers="县城投建设有限公司\n县农商银行",
        )
