"""INC-1 goals and weights, INC-2 scores and the pool split, through the services."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from cadres.incentives import errors, selectors, services
from cadres.incentives.models import CadrePlan, PoolShare, Target
from cadres.incentives.services import TargetInput
from core.errors import NotPermitted
from tests.cadres.incentives.factories import cadres, plan

pytestmark = pytest.mark.django_db
YEAR = 2025


def test_inc1_weights_must_sum_to_exactly_100(world):
    person = cadres(world.own, ["张三"])[0]
    with pytest.raises(errors.WeightsNotHundred) as refused:
        services.plan_save(
            actor=world.a.clerk,
            township=world.own,
            person=person,
            year=YEAR,
            targets=[
                TargetInput("招商", "引进项目 3 个", Decimal("40")),
                TargetInput("信访", "办结率 95%", Decimal("59.99")),
            ],
        )
    assert "99.99" in str(refused.value)
    assert not CadrePlan.objects.filter(person=person).exists()
    made = plan(person, YEAR, ("40", "60"))
    assert selectors.plan_weight_total(made) == 100


def test_inc1_only_staff_write_plans(world):
    person = cadres(world.own, ["张三"])[0]
    with pytest.raises(NotPermitted):
        services.plan_save(
            actor=world.a.cadre,
            township=world.own,
            person=person,
            year=YEAR,
            targets=[TargetInput("招商", "3 个", Decimal("100"))],
        )


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "目标", "指标", "量化要求", "权重"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_inc1_import_all_or_nothing_with_row_errors(world):
    cadres(world.own, ["张三", "李四"])
    rows = services.targets_parse(
        _xlsx(
            [
                ["张三", "经济发展", "招商", "引进 3 个", 40],
                ["张三", "社会治理", "信访", "办结 95%", 60],
                ["李四", "经济发展", "税收", "增长 5%", 70],
                ["李四", "", "安全", "零事故", 20],
                ["王五", "", "环保", "达标", 100],
            ]
        ),
        world.own,
    )
    bad = [r.number for r in rows if r.errors]
    assert bad == [4, 5, 6]  # 李四 adds up to 90; 王五 is not on the roster
    assert "90" in rows[2].errors[0]
    with pytest.raises(errors.TargetsRowsInvalid):
        services.targets_import(
            actor=world.a.clerk, township=world.own, year=YEAR, rows=rows
        )
    assert not Target.objects.exists()
    good = services.targets_parse(
        _xlsx(
            [
                ["张三", "经济发展", "招商", "引进 3 个", 40],
                ["张三", "社会治理", "信访", "办结 95%", "60"],
            ]
        ),
        world.own,
    )
    assert (
        services.targets_import(
            actor=world.a.clerk, township=world.own, year=YEAR, rows=good
        )
        == 2
    )
    assert Target.objects.filter(plan__year=YEAR).count() == 2
    assert selectors.goals_of(world.own, YEAR).count() == 2


def test_inc1_unreadable_file_refused(world):
    with pytest.raises(errors.TargetsUnreadable):
        services.targets_parse(io.BytesIO(b"not a workbook"), world.own)


def test_inc2_score_is_exact_weighted_sum(world):
    person = cadres(world.own, ["张三"])[0]
    made = plan(person, YEAR, ("40", "60"), ("95.50", "88.25"))
    made = selectors.plan_of(person, YEAR)
    assert selectors.plan_score(made) == Decimal("91.15")


def _graded_year(world, scores):
    people = cadres(world.own, [f"干部{i}" for i in range(len(scores))])
    for person, (a, b) in zip(people, scores, strict=True):
        plan(person, YEAR, ("50", "50"), (a, b))
    return people


def test_inc2_split_refused_until_scored_and_graded(world):
    people = _graded_year(world, [("90", "90"), ("80", "80")])
    extra = cadres(world.own, ["未评分"])[0]
    plan(extra, YEAR, ("100",))
    pool = services.pool_set(
        actor=world.a.secretary,
        township=world.own,
        year=YEAR,
        amount=Decimal("1000.00"),
        approval="县财政〔2025〕12号",
    )
    with pytest.raises(errors.PlanNotScored) as refused:
        services.pool_split(actor=world.a.secretary, pool=pool)
    assert "未评分" in str(refused.value)
    services.scores_record(
        actor=None,
        plan=selectors.plan_of(extra, YEAR),
        scores={
            t.pk: Decimal("70") for t in selectors.plan_of(extra, YEAR).targets.all()
        },
    )
    with pytest.raises(errors.GradesMissing):
        services.pool_split(actor=world.a.secretary, pool=pool)
    services.grades_record(
        actor=world.a.secretary,
        township=world.own,
        year=YEAR,
        grades={people[0]: "competent", people[1]: "competent", extra: "basic"},
    )
    split = services.pool_split(actor=world.a.secretary, pool=pool)
    shares = {s.person.name: s.share for s in split.shares.all()}
    # 基本称职 gets no year-end share (Art 80); 90 : 80 of 1000.00
    assert shares == {"干部0": Decimal("529.41"), "干部1": Decimal("470.59")}
    assert sum(shares.values()) == pool.amount


def test_inc2_only_staff_split_and_only_secretary_sets_pool(world):
    with pytest.raises(NotPermitted):
        services.pool_set(
            actor=world.a.clerk,
            township=world.own,
            year=YEAR,
            amount=Decimal("1.00"),
            approval="x",
        )


def test_inc2_rerun_shows_every_share_that_moved_and_why(world):
    people = _graded_year(world, [("90", "90"), ("90", "90"), ("90", "90")])
    services.grades_record(
        actor=None,
        township=world.own,
        year=YEAR,
        grades=dict.fromkeys(people, "competent"),
    )
    pool = services.pool_set(
        actor=None,
        township=world.own,
        year=YEAR,
        amount=Decimal("100.00"),
        approval="批复",
    )
    first = services.pool_split(actor=world.a.clerk, pool=pool)
    assert sorted(s.share for s in first.shares.all()) == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    ]
    changed = selectors.plan_of(people[2], YEAR)
    target = changed.targets.first()
    target.score = Decimal("100")  # a correction made through the service's path below
    services.scores_record(actor=None, plan=changed, scores={target.pk: Decimal("100")})
    second = services.pool_split(actor=world.a.clerk, pool=pool)
    assert second.run == 2
    previous, moves = selectors.split_diff(second)
    assert previous == first
    assert {m.person.name for m in moves} == {"干部0", "干部1", "干部2"}
    mover = next(m for m in moves if m.person == people[2])
    assert any("本人得分 90 → 95" in why for why in mover.why)
    assert sum(m.delta for m in moves) == 0


def test_inc2_explanation_recomputes_the_stored_shares(world):
    people = _graded_year(world, [("95.5", "95.5"), ("88.25", "88.25"), ("70", "70")])
    services.grades_record(
        actor=None,
        township=world.own,
        year=YEAR,
        grades=dict.fromkeys(people, "competent"),
    )
    pool = services.pool_set(
        actor=None,
        township=world.own,
        year=YEAR,
        amount=Decimal("1000.00"),
        approval="批复",
    )
    split = services.pool_split(actor=None, pool=pool)
    lines = selectors.split_lines(split)
    assert [line.step.share for line in lines] == [line.share.share for line in lines]
    assert [line.share.share for line in lines] == [
        Decimal("376.36"),
        Decimal("347.78"),
        Decimal("275.86"),
    ]
    assert PoolShare.objects.filter(split=split).count() == 3


def test_inc2_payroll_sheet_xlsx_adds_up(world):
    people = _graded_year(world, [("90", "90"), ("80", "80")])
    services.grades_record(
        actor=None,
        township=world.own,
        year=YEAR,
        grades=dict.fromkeys(people, "competent"),
    )
    pool = services.pool_set(
        actor=None,
        township=world.own,
        year=YEAR,
        amount=Decimal("1000.00"),
        approval="批复",
    )
    split = services.pool_split(actor=None, pool=pool)
    sheet = load_workbook(io.BytesIO(services.payroll_xlsx(split))).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[2][0] == "姓名"
    assert values[-2][0] == "合计" and values[-2][-1] == Decimal("1000.00")
    # Issue 15: figures are numbers with their formats, the header is frozen.
    first = sheet[4]
    assert (
        isinstance(first[8].value, int | float) and first[8].number_format == "#,##0.00"
    )
    assert first[1].number_format == "0.0000"
    assert sheet.freeze_panes == "B4"
    pdf = services.payroll_pdf(split)
    assert pdf.startswith(b"%PDF")
