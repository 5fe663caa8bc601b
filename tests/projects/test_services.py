"""PRJ-1 … PRJ-5 through the services, on PostgreSQL: each refusal names its rule, and
nothing is half-saved."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from committees.models import Person
from core.errors import NotPermitted
from disclosure.models import Category, Item
from projects import errors, services
from projects.models import Breach, Objection, Project, Purchase, StepAside, Tender
from tests.projects import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(world):
    return f.town_of(world)


# -- PRJ-1 ---------------------------------------------------------------------------------------


def test_prj1_no_stage_skipped(town):
    project = f.propose(town)
    with pytest.raises(errors.StageSkipped) as refused:
        services.project_advance(
            actor=town.clerk, project=project, to=Project.Stage.DECISION
        )
    assert refused.value.rule == "PRJ-1"
    project.refresh_from_db()
    assert project.stage == Project.Stage.PROPOSAL


def test_prj1_feasibility_needs_estimate_and_demonstration(town):
    project = f.propose(town)
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.FEASIBILITY
    )
    with pytest.raises(errors.StageIncomplete) as refused:
        services.project_advance(
            actor=town.clerk, project=project, to=Project.Stage.DECISION
        )
    assert "demonstration" in str(refused.value)
    assert "feasibility estimate" in str(refused.value)


def test_prj1_decision_is_a_major_item_passed_by_the_committee(town):
    project = f.studied(town, f.propose(town))
    with pytest.raises(errors.StageIncomplete):
        services.project_advance(
            actor=town.clerk, project=project, to=Project.Stage.APPROVAL
        )
    item = f.decided(town, project)
    assert item.kind == "major" and item.requires_expert
    assert project.agenda_item_id == item.pk
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.APPROVAL
    )
    project.refresh_from_db()
    assert project.stage == Project.Stage.APPROVAL
    stages = list(project.stage_records.values_list("stage", "by"))
    assert [s for s, _ in stages] == ["proposal", "feasibility", "decision", "approval"]
    assert all(by == town.clerk.pk for _, by in stages)


def test_prj1_a_rejected_item_does_not_decide(town):
    project = f.studied(town, f.propose(town))
    f.decided(town, project, yes=False)
    with pytest.raises(errors.StageIncomplete):
        services.project_advance(
            actor=town.clerk, project=project, to=Project.Stage.APPROVAL
        )


def test_prj1_only_the_secretary_proposes_the_item(town):
    project = f.studied(town, f.propose(town))
    meeting = f.mf.schedule(town)
    with pytest.raises(NotPermitted):
        services.decision_propose(actor=town.clerk, project=project, meeting=meeting)


def test_prj1_estimate_more_than_ten_percent_over_is_sent_back(town):
    project = f.studied(town, f.propose(town), estimate="5000000.00")
    f.decided(town, project)
    f.approved(town, project, cost="5500000.01")
    assert project.estimate_flagged
    assert project.stage == Project.Stage.FEASIBILITY
    assert project.agenda_item_id is None  # a new decision on the new figures
    note = project.stage_records.last().note
    assert "5,500,000.01" in note and "5,500,000.00" in note


def test_prj1_estimate_at_ten_percent_passes(town):
    project = f.studied(town, f.propose(town), estimate="5000000.00")
    f.decided(town, project)
    f.approved(town, project, cost="5500000.00")
    assert not project.estimate_flagged
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.TENDERING
    )


def test_prj1_spending_within_estimate_and_no_contractor_advance(town):
    project = f.tendering(town)
    f.implementing(town, project)
    today = timezone.localdate()
    with pytest.raises(errors.ContractorAdvance):
        services.expenditure_record(
            actor=town.clerk,
            project=project,
            amount=Decimal("100.00"),
            paid_on=today,
            payee="南岗路桥建设有限公司",
            advanced_by_contractor=True,
        )
    services.expenditure_record(
        actor=town.clerk,
        project=project,
        amount=Decimal("5000000.00"),
        paid_on=today,
        payee="甲",
    )
    with pytest.raises(errors.SpendingBeyondEstimate) as refused:
        services.expenditure_record(
            actor=town.clerk,
            project=project,
            amount=Decimal("200000.01"),
            paid_on=today,
            payee="甲",
        )
    assert "5,200,000.01" in str(refused.value)
    assert project.expenditures.count() == 1


def test_prj1_acceptance_five_conditions_and_late_filing_is_a_breach(town):
    project = f.tendering(town)
    f.implementing(town, project)
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.ACCEPTANCE
    )
    with pytest.raises(errors.AcceptanceConditions) as refused:
        services.acceptance_record(
            actor=town.clerk,
            project=project,
            accepted_on=datetime.date(2026, 11, 2),
            conditions=[
                "design_done",
                "technical_files",
                "materials_reports",
                "warranty",
            ],
            filed_on=datetime.date(2026, 11, 10),
        )
    assert "质量合格文件" in str(refused.value)
    services.acceptance_record(
        actor=town.clerk,
        project=project,
        accepted_on=datetime.date(2026, 11, 2),
        conditions=[
            "design_done",
            "technical_files",
            "materials_reports",
            "quality_certificates",
            "warranty",
        ],
        filed_on=datetime.date(2026, 11, 18),  # the 15th day is 17 Nov
    )
    breach = Breach.objects.get(project=project)
    assert breach.due == datetime.date(2026, 11, 17)
    assert breach.basis.startswith("建设工程质量管理条例第四十九条")


# -- PRJ-2 ---------------------------------------------------------------------------------------


def test_prj2_twenty_days_and_five_days_refused_and_notice_published(town):
    project = f.tendering(town)
    docs = datetime.date(2026, 12, 1)
    with time_machine.travel(f.at(2026, 12, 1, 9), tick=False):
        with pytest.raises(errors.TooShortForBids) as refused:
            f.publish(town, project, docs_from=docs, deadline=f.at(2026, 12, 20, 17))
        assert "2026-12-21" in str(refused.value)
        with pytest.raises(errors.DocumentsTooShort):
            f.publish(town, project, docs_from=docs, until=datetime.date(2026, 12, 5))
        assert not Tender.objects.exists()
        tender = f.publish(
            town, project, docs_from=docs, deadline=f.at(2026, 12, 21, 9)
        )
    item = Item.objects.get(source_ref=f"tender:{tender.pk}")
    assert item.category == Category.PROJECT_FUNDS
    assert item.state == Item.State.PUBLISHED
    assert item.owner == services.OWNER
    assert "2026-12-21 09:00" in item.body and "招标投标法第二十四条" in item.body
    project.refresh_from_db()
    assert project.public_since is not None


def test_prj2_not_required_below_threshold_skips_no_stage(town):
    project = f.tendering(town, amount="300000.00")
    project.feasibility_estimate = project.cost_estimate = Decimal("300000.00")
    project.save()
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.IMPLEMENTATION
    )
    record = project.stage_records.last()
    assert record.stage == "implementation" and "低于" in record.note


def test_prj2_township_setting_requires_open_tendering(town):
    project = f.tendering(town, amount="300000.00", township_requires_open_tender=True)
    project.feasibility_estimate = project.cost_estimate = Decimal("300000.00")
    project.save()
    with pytest.raises(errors.StageIncomplete):
        services.project_advance(
            actor=town.clerk, project=project, to=Project.Stage.IMPLEMENTATION
        )


def test_prj2_bid_after_deadline_refused_to_the_second(town):
    project = f.tendering(town)
    with time_machine.travel(f.at(2026, 12, 1, 9), tick=False):
        tender = f.publish(
            town,
            project,
            docs_from=datetime.date(2026, 12, 1),
            deadline=f.at(2026, 12, 21, 17),
        )
    with time_machine.travel(f.at(2026, 12, 21, 16, 59, 59), tick=False):
        f.bid_all(town, tender, f.BIDDERS[:1])
    with time_machine.travel(f.at(2026, 12, 21, 17, 0, 0), tick=False):
        with pytest.raises(errors.BidAfterDeadline) as refused:
            f.bid_all(town, tender, f.BIDDERS[1:2])
    assert "2026-12-21 17:00" in str(refused.value)
    assert tender.bids.count() == 1


def test_prj2_late_clarification_moves_the_deadline_and_the_column(town):
    project = f.tendering(town)
    with time_machine.travel(f.at(2026, 12, 1, 9), tick=False):
        tender = f.publish(
            town,
            project,
            docs_from=datetime.date(2026, 12, 1),
            deadline=f.at(2026, 12, 21, 17),
        )
    with time_machine.travel(f.at(2026, 12, 6, 23, 59), tick=False):
        services.tender_clarify(actor=town.clerk, tender=tender, text="补充路面厚度")
    tender.refresh_from_db()
    assert tender.deadline == f.at(2026, 12, 21, 17)
    with time_machine.travel(f.at(2026, 12, 7, 0, 0), tick=False):
        services.tender_clarify(actor=town.clerk, tender=tender, text="更正工程量清单")
    tender.refresh_from_db()
    assert tender.deadline == f.at(2026, 12, 22, 17)
    item = Item.objects.get(source_ref=f"tender:{tender.pk}")
    assert "2026-12-22 17:00" in item.body


def test_prj2_objection_pauses_until_answered_and_late_ones_refused(town):
    project = f.tendering(town)
    with time_machine.travel(f.at(2026, 12, 1, 9), tick=False):
        tender = f.publish(
            town,
            project,
            docs_from=datetime.date(2026, 12, 1),
            deadline=f.at(2026, 12, 21, 17),
        )
    with time_machine.travel(f.at(2026, 12, 11, 23, 59), tick=False):
        objection = services.objection_record(
            actor=town.clerk,
            tender=tender,
            kind=Objection.Kind.DOCUMENTS,
            party="乙公司",
            text="资格条件过严",
        )
        with pytest.raises(errors.TenderPaused):
            f.bid_all(town, tender, f.BIDDERS[:1])
    with time_machine.travel(f.at(2026, 12, 12, 0, 0), tick=False):
        with pytest.raises(errors.ObjectionTooLate) as refused:
            services.objection_record(
                actor=town.clerk,
                tender=tender,
                kind=Objection.Kind.DOCUMENTS,
                party="丙",
                text="…",
            )
        assert "2026-12-11" in str(refused.value)
    # Answered on the 4th day: late (due 14 Dec, a Monday), recorded with its breach.
    with time_machine.travel(f.at(2026, 12, 15, 9), tick=False):
        services.objection_answer(actor=town.clerk, objection=objection, answer="维持")
        tender.refresh_from_db()
        assert tender.status == Tender.Status.OPEN
        f.bid_all(town, tender, f.BIDDERS[:1])
    breach = Breach.objects.get(project=project)
    assert breach.rule == "PRJ-2" and breach.due == datetime.date(2026, 12, 14)


def test_prj2_fewer_than_three_bids_no_opening(town):
    project = f.tendering(town)
    tender = f.publish(town, project)
    f.bid_all(town, tender, f.BIDDERS[:2])
    with pytest.raises(errors.BidsNotClosed):
        services.bids_open(actor=town.clerk, tender=tender)
    with time_machine.travel(tender.deadline, tick=False):
        services.bids_open(actor=town.clerk, tender=tender)
        tender.refresh_from_db()
        assert tender.status == Tender.Status.FAILED
        again = f.publish(town, project)
    assert again.round == 2


@pytest.mark.parametrize(
    ("evaluators", "ok"),
    [
        (f.EVALUATORS, True),
        (f.EVALUATORS[:4], False),  # even
        ([(f"专家{i}", i < 3, None) for i in range(5)], False),  # 3 experts of 5
    ],
)
def test_prj2_evaluation_committee(town, evaluators, ok):
    project = f.tendering(town)
    tender = f.publish(town, project)
    bids = f.bid_all(town, tender)
    with time_machine.travel(tender.deadline, tick=False):
        services.bids_open(actor=town.clerk, tender=tender)
        if ok:
            services.evaluation_record(
                actor=town.clerk, tender=tender, evaluators=evaluators, ranking=bids
            )
            assert tender.candidates.count() == 3
        else:
            with pytest.raises(errors.EvaluationCommittee):
                services.evaluation_record(
                    actor=town.clerk, tender=tender, evaluators=evaluators, ranking=bids
                )
            assert not tender.evaluators.exists()


def test_prj2_candidates_window_first_candidate_wins_award_published(town):
    project = f.tendering(town)
    tender = f.publish(town, project)
    bids = f.bid_all(town, tender)
    with time_machine.travel(tender.deadline, tick=False):
        services.bids_open(actor=town.clerk, tender=tender)
        services.evaluation_record(
            actor=town.clerk, tender=tender, evaluators=f.EVALUATORS, ranking=bids
        )
        services.candidates_publish(actor=town.clerk, tender=tender)
        objection = services.objection_record(
            actor=town.clerk,
            tender=tender,
            kind=Objection.Kind.CANDIDATES,
            party="丙",
            text="业绩不实",
        )
    shown_until = timezone.localtime(tender.deadline).date() + datetime.timedelta(
        days=3
    )
    with time_machine.travel(
        datetime.datetime.combine(
            shown_until, datetime.time(23, 59), tzinfo=f.SHANGHAI
        ),
        tick=False,
    ):
        with pytest.raises(errors.CandidatesStillShown):
            services.award(actor=town.clerk, tender=tender, bid=bids[0])
    with time_machine.travel(
        datetime.datetime.combine(shown_until, datetime.time(23, 59), tzinfo=f.SHANGHAI)
        + datetime.timedelta(minutes=2),
        tick=False,
    ):
        with pytest.raises(errors.CandidatesStillShown) as refused:
            services.award(actor=town.clerk, tender=tender, bid=bids[0])
        assert "unanswered" in str(refused.value)
        services.objection_answer(
            actor=town.clerk, objection=objection, answer="经核实业绩属实"
        )
        with pytest.raises(errors.FirstCandidateWins):
            services.award(actor=town.clerk, tender=tender, bid=bids[1])
        services.award(actor=town.clerk, tender=tender, bid=bids[0])
    award = Item.objects.get(source_ref=f"award:{tender.pk}")
    assert "南岗路桥建设有限公司" in award.body and "4,980,000.00" in award.body
    assert (
        Item.objects.get(source_ref=f"candidates:{tender.pk}").state
        == Item.State.PUBLISHED
    )


def test_prj2_contract_after_thirty_days_is_a_breach(town):
    project = f.tendering(town)
    tender, bids = f.through_award(town, project)
    late = timezone.localtime(tender.awarded_at).date() + datetime.timedelta(days=45)
    services.contract_record(
        actor=town.clerk, tender=tender, signed_on=late, amount=bids[0].price
    )
    breach = Breach.objects.get(project=project)
    assert breach.rule == "PRJ-2" and "第四十六条" in breach.basis


def test_prj2_nothing_half_saved_and_outsiders_refused(world, town):
    project = f.tendering(town)
    with pytest.raises(NotPermitted):
        f.publish(f.SimpleNamespace(clerk=world.b.secretary), project)
    with pytest.raises(NotPermitted):
        f.publish(f.SimpleNamespace(clerk=world.a.member), project)
    assert not Tender.objects.exists() and not Item.objects.exists()


# -- PRJ-3 ---------------------------------------------------------------------------------------


def test_prj3_tied_bidders_refused(town):
    project = f.tendering(town)
    tender = f.publish(town, project)
    f.bid_all(town, tender, f.BIDDERS[:1])
    with pytest.raises(errors.BiddersTied) as refused:
        services.bid_record(
            actor=town.clerk,
            tender=tender,
            bidder="南岗路桥第二工程公司",
            legal_rep="李四",
            controller="南岗路桥集团",
            price=Decimal("5000000.00"),
        )
    assert refused.value.rule == "PRJ-3" and "南岗路桥建设有限公司" in str(
        refused.value
    )
    assert tender.bids.count() == 1


def test_prj3_declared_relative_steps_aside_and_cannot_evaluate(town):
    project = f.tendering(town)
    member = town.members[3]
    services.declaration_record(
        actor=town.clerk,
        project=project,
        person=member,
        relative="儿子",
        employer="东方控股",
    )
    tender = f.publish(town, project)
    bids = f.bid_all(town, tender)
    aside = StepAside.objects.get(project=project)
    assert aside.person == member and aside.bidder == "东方市政工程有限公司"
    evaluators = [*f.EVALUATORS[:4], (member.name, False, member)]
    with time_machine.travel(tender.deadline, tick=False):
        services.bids_open(actor=town.clerk, tender=tender)
        with pytest.raises(errors.MustStepAside) as refused:
            services.evaluation_record(
                actor=town.clerk, tender=tender, evaluators=evaluators, ranking=bids
            )
    assert member.name in str(refused.value)


def test_prj3_relatives_declared_in_the_inc6_report_count_too(town):
    """PRJ-3 with INC-6: a committee member who declared, in their personal-matters
    report, a relative working for a bidder steps aside, with nothing declared on the
    project; a member whose report names no bidder does not."""
    import datetime as _dt

    from cadres.incentives import services as incentives
    from cadres.incentives.models import PersonalMattersReport

    member, other = town.members[4], town.members[5]
    for person, employer in ((member, "东方控股"), (other, "西山农场")):
        incentives.personal_report_submit(
            actor=None,
            township=town.township,
            person=person,
            kind=PersonalMattersReport.Kind.YEARLY,
            year=2025,
            submitted_on=_dt.date(2026, 1, 20),
            content="年度报告",
            relative_employers=employer,
        )
    project = f.tendering(town)
    tender = f.publish(town, project)
    f.bid_all(town, tender)
    asides = {a.person_id: a.bidder for a in StepAside.objects.filter(project=project)}
    assert asides == {member.pk: "东方市政工程有限公司"}


def test_prj3_declaration_after_the_bids_marks_too(town):
    project = f.tendering(town)
    tender = f.publish(town, project)
    f.bid_all(town, tender)
    person = Person.objects.filter(township=town.township).first()
    services.declaration_record(
        actor=town.clerk,
        project=project,
        person=person,
        relative="妻子",
        employer="黄志明",
    )
    assert StepAside.objects.get(project=project).bidder == "示范县交通工程公司"


# -- PRJ-4 ---------------------------------------------------------------------------------------


def test_prj4_splitting_refused(town):
    kw = {
        "actor": town.clerk,
        "township": town.township,
        "category": "办公设备",
        "fiscal_year": 2026,
    }
    threshold = Decimal("2000000.00")
    services.purchase_record(
        title="第一批", amount=Decimal("1500000.00"), threshold=threshold, **kw
    )
    services.purchase_record(
        title="第二批", amount=Decimal("499999.99"), threshold=threshold, **kw
    )
    with pytest.raises(errors.Splitting) as refused:
        services.purchase_record(
            title="第三批", amount=Decimal("0.01"), threshold=threshold, **kw
        )
    assert refused.value.rule == "PRJ-4" and "2,000,000.00" in str(refused.value)
    with pytest.raises(errors.MustTender):
        services.purchase_record(
            title="大宗", amount=threshold, threshold=threshold, **kw
        )
    # Another year, another category: counted apart.
    services.purchase_record(
        title="次年",
        amount=Decimal("0.01"),
        threshold=threshold,
        **(kw | {"fiscal_year": 2027}),
    )
    assert Purchase.objects.count() == 3


# -- PRJ-5 ---------------------------------------------------------------------------------------


def test_prj5_challenge_window_working_days_and_contract_publication(town):
    project = f.tendering(
        town, kind=Project.Kind.PURCHASE, category=Project.Category.GOODS
    )
    tender, bids = f.through_award(town, project)
    window = services.rules.challenge_window(
        tender.awarded_at, services.selectors.calendar_of(town.township)
    )
    end = datetime.datetime.combine(
        window.last_day, datetime.time(23, 59), tzinfo=f.SHANGHAI
    )
    with time_machine.travel(end, tick=False):
        services.objection_record(
            actor=town.clerk,
            tender=tender,
            kind=Objection.Kind.CHALLENGE,
            party="丁",
            text="评分不公",
        )
    with time_machine.travel(end + datetime.timedelta(minutes=1), tick=False):
        with pytest.raises(errors.ChallengeLate) as refused:
            services.objection_record(
                actor=town.clerk,
                tender=tender,
                kind=Objection.Kind.CHALLENGE,
                party="戊",
                text="…",
            )
    assert refused.value.rule == "PRJ-5"
    # The contract published four working days after its signing: a PRJ-5 breach.
    signed = timezone.localtime(tender.awarded_at).date() + datetime.timedelta(days=1)
    with time_machine.travel(
        datetime.datetime.combine(signed, datetime.time(10), tzinfo=f.SHANGHAI)
        + datetime.timedelta(days=8),
        tick=False,
    ):
        services.contract_record(
            actor=town.clerk, tender=tender, signed_on=signed, amount=bids[0].price
        )
    assert Breach.objects.filter(project=project, rule="PRJ-5").count() == 1


def test_prj5_public_service_acceptance_invites_the_people_served(town):
    project = f.tendering(
        town, kind=Project.Kind.PURCHASE, category=Project.Category.SERVICES
    )
    f.implementing(town, project)
    services.project_advance(
        actor=town.clerk, project=project, to=Project.Stage.ACCEPTANCE
    )
    everything = list(services.rules.ACCEPTANCE_CONDITIONS)
    today = timezone.localdate()
    with pytest.raises(errors.StageIncomplete):
        services.acceptance_record(
            actor=town.clerk,
            project=project,
            accepted_on=today,
            conditions=everything,
            filed_on=today,
        )
    services.acceptance_record(
        actor=town.clerk,
        project=project,
        accepted_on=today,
        conditions=everything,
        filed_on=today,
        people_served="东风村村民代表 5 人",
    )
    project.refresh_from_db()
    assert project.acceptance_public
