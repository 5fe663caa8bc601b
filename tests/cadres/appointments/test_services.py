"""APT-1 … APT-3 with DEC-4, DEC-6 and PUB-3: the appointment services, rule by rule."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from cadres.appointments import errors, services
from cadres.appointments.models import (
    AppointmentCase,
    CandidateSelection,
    Formalities,
    Inspection,
    PublicNotice,
    Recommendation,
    RecommendationNominee,
    Stage,
    StageTransition,
)
from cadres.appointments.notice import SHANGHAI
from committees import services as org_services
from core.errors import NotPermitted
from disclosure import errors as column_errors
from disclosure import services as column_services
from disclosure.models import Feedback, Item
from tests.cadres.appointments import factories as af
from tests.meetings import factories as mf

pytestmark = pytest.mark.django_db

TRACKED = [
    AppointmentCase,
    StageTransition,
    Recommendation,
    RecommendationNominee,
    CandidateSelection,
    Inspection,
    PublicNotice,
    Formalities,
    Item,
    Feedback,
]


def snapshot():
    """Row counts of every table a refusal must leave untouched, history included."""
    counts = {}
    for model in TRACKED:
        counts[model.__name__] = model.objects.count()
        counts[f"history:{model.__name__}"] = model.history.count()
    counts["stages"] = sorted(AppointmentCase.objects.values_list("pk", "stage"))
    return counts


def _at(y, m, d, hh=0, mm=0, ss=0):
    return datetime.datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)


# -- APT-1: the order of the stages --------------------------------------------------------


def test_apt1_a_case_runs_through_every_stage_recording_who_and_when(world):
    """APT-1: recommendation → candidates → inspection → decision → notice →
    formalities → done, each move a transition row with who and when."""
    case = af.case_at(world, Stage.DONE)
    transitions = list(case.transitions.order_by("at", "pk"))
    assert [t.to_stage for t in transitions] == [
        Stage.RECOMMENDATION,
        Stage.CANDIDATES,
        Stage.INSPECTION,
        Stage.DECISION,
        Stage.NOTICE,
        Stage.FORMALITIES,
        Stage.DONE,
    ]
    assert [t.from_stage for t in transitions[1:]] == [
        t.to_stage for t in transitions[:-1]
    ]
    assert transitions[0].by == world.a.secretary
    assert all(t.by == world.a.clerk for t in transitions[1:])
    assert all(t.at is not None for t in transitions)
    # AUD-1: the case's history has a row per change, attributed to the actor.
    reasons = list(case.history.values_list("history_change_reason", flat=True))
    assert "case opened" in reasons and "stage: done" in reasons
    assert case.formalities.letter_number == "南委干〔2026〕12号"


def _do_recommend(world, case):
    af.recommend(world, case)


def _do_select(world, case):
    af.select(world, case)


def _do_inspect(world, case):
    af.inspect(world, case)


def _do_decide(world, case):
    services.decision_confirm(actor=world.a.clerk, case=case)


def _do_publish(world, case):
    services.notice_publish(actor=world.a.clerk, case=case)


def _do_formalities(world, case):
    services.formalities_start(actor=world.a.clerk, case=case)


def _do_complete(world, case):
    services.formalities_complete(
        actor=world.a.clerk,
        case=case,
        done_on=timezone.localdate(),
        letter_number="1",
        effective_from=timezone.localdate(),
    )


# (the step, the stage it belongs to, what the refusal calls it)
STEPS = [
    (_do_recommend, Stage.RECOMMENDATION, Stage.RECOMMENDATION.label),
    (_do_select, Stage.CANDIDATES, Stage.CANDIDATES.label),
    (_do_inspect, Stage.INSPECTION, Stage.INSPECTION.label),
    (_do_decide, Stage.DECISION, Stage.DECISION.label),
    (_do_publish, Stage.NOTICE, Stage.NOTICE.label),
    (_do_formalities, Stage.NOTICE, Stage.FORMALITIES.label),
    (_do_complete, Stage.FORMALITIES, Stage.DONE.label),
]


@pytest.mark.parametrize(
    "current",
    [
        Stage.RECOMMENDATION,
        Stage.CANDIDATES,
        Stage.INSPECTION,
        Stage.DECISION,
        Stage.NOTICE,
        Stage.FORMALITIES,
    ],
)
def test_apt1_every_skip_is_refused_with_its_message_and_nothing_written(
    world, english, current
):
    """APT-1: at each stage, every step of another stage is refused, exactly, and no row
    (nor history row) is written."""
    case = af.case_at(world, current)
    refused = 0
    for step, stage, wanted in STEPS:
        if stage == current:
            continue
        before = snapshot()
        with pytest.raises(errors.StageSkipped) as caught:
            step(world, case)
        assert str(caught.value) == (
            f"The case is at the stage “{Stage(current).label}”: “{wanted}” cannot be "
            "recorded now. No stage may be skipped."
        )
        assert caught.value.rule == "APT-1"
        assert snapshot() == before
        refused += 1
    assert refused >= 5


def test_apt1_a_closed_case_takes_nothing_more(world, english):
    case = af.case_at(world, Stage.CANDIDATES)
    services.case_stop(actor=world.a.secretary, case=case, reason="本人申请不再参加")
    before = snapshot()
    with pytest.raises(errors.CaseClosed) as caught:
        af.select(world, case)
    assert str(caught.value) == (
        "The case is closed (stopped); nothing more can be recorded."
    )
    assert snapshot() == before


def test_apt1_stop_needs_a_reason_and_the_secretary(world, english):
    case = af.open_case(world)
    with pytest.raises(errors.StopReasonRequired):
        services.case_stop(actor=world.a.secretary, case=case, reason="  ")
    with pytest.raises(NotPermitted):
        services.case_stop(actor=world.a.clerk, case=case, reason="理由")
    services.case_stop(actor=world.a.secretary, case=case, reason="岗位调整")
    case.refresh_from_db()
    assert case.stage == Stage.STOPPED
    assert case.transitions.last().note == "岗位调整"


def test_apt1_only_township_staff_record_and_only_the_secretary_opens(world):
    """APT-1 with SEC-1: members, cadres, reviewers and outsiders write nothing."""
    who = af.person(world.own)
    for user in (world.a.clerk, world.a.member, world.reviewer, world.b.secretary):
        with pytest.raises(NotPermitted):
            services.case_open(actor=user, township=world.own, post=af.POST, person=who)
    case = af.open_case(world, who)
    for user in (world.a.member, world.a.cadre, world.reviewer, world.b.secretary):
        with pytest.raises(NotPermitted):
            services.recommendation_record(
                actor=user,
                case=case,
                held_on=timezone.localdate(),
                electorate=10,
                ballots_returned=10,
                nominees=[(who, 8)],
            )
    assert case.transitions.count() == 1


def test_apt1_person_of_another_township_refused(world, english):
    stranger = af.person(world.other)
    with pytest.raises(errors.PersonOfOtherTownship):
        services.case_open(
            actor=world.a.secretary, township=world.own, post=af.POST, person=stranger
        )
    assert AppointmentCase.objects.count() == 0


# -- APT-2: recommendation and candidates --------------------------------------------------


def test_apt2_recommendation_records_the_votes_each_nominee_got(world):
    case = af.open_case(world)
    rivals = af.recommend(world, case, others=2)
    rec = case.recommendation
    assert (rec.electorate, rec.ballots_returned) == (60, 56)
    votes = dict(rec.nominees.values_list("person_id", "votes"))
    assert votes == {case.person.pk: 41, rivals[0].pk: 12, rivals[1].pk: 12}
    case.refresh_from_db()
    assert case.stage == Stage.CANDIDATES


@pytest.mark.parametrize(
    ("electorate", "returned", "votes", "error", "message"),
    [
        (
            50,
            51,
            10,
            errors.BallotsExceedElectorate,
            "51 ballots returned is more than the electorate of 50.",
        ),
        (
            50,
            40,
            41,
            errors.VotesExceedBallots,
            "王明 received 41 votes, more than the 40 ballots returned.",
        ),
    ],
)
def test_apt2_impossible_counts_refused(
    world, english, electorate, returned, votes, error, message
):
    """APT-2: a nominee cannot get more votes than ballots returned, nor ballots exceed
    the electorate; nothing is written."""
    case = af.open_case(world)
    before = snapshot()
    with pytest.raises(error) as caught:
        services.recommendation_record(
            actor=world.a.clerk,
            case=case,
            held_on=timezone.localdate(),
            electorate=electorate,
            ballots_returned=returned,
            nominees=[(case.person, votes)],
        )
    assert str(caught.value) == message
    assert caught.value.rule == "APT-2"
    assert snapshot() == before


def test_apt2_a_recommendation_needs_nominees(world, english):
    case = af.open_case(world)
    with pytest.raises(errors.NomineesRequired):
        services.recommendation_record(
            actor=world.a.clerk,
            case=case,
            held_on=timezone.localdate(),
            electorate=10,
            ballots_returned=9,
            nominees=[],
        )


def test_apt2_candidates_only_from_the_recommended(world, english):
    """APT-2: inspection candidates come from those recommended; nothing is written."""
    case = af.case_at(world, Stage.CANDIDATES)
    outsider = af.person(world.own, "赵六")
    before = snapshot()
    with pytest.raises(errors.CandidateNotRecommended) as caught:
        services.candidates_select(
            actor=world.a.clerk,
            case=case,
            held_on=timezone.localdate(),
            attendees="书记办公会成员",
            record="记录",
            candidates=[case.person, outsider],
        )
    assert str(caught.value) == (
        "赵六 was not recommended: candidates for inspection come only from those "
        "recommended."
    )
    assert caught.value.rule == "APT-2"
    assert snapshot() == before


def test_apt2_the_person_of_the_case_must_be_a_candidate(world, english):
    case = af.open_case(world)
    rivals = af.recommend(world, case)
    with pytest.raises(errors.PersonNotCandidate) as caught:
        services.candidates_select(
            actor=world.a.clerk,
            case=case,
            held_on=timezone.localdate(),
            attendees="书记办公会成员",
            record="记录",
            candidates=rivals,
        )
    assert str(caught.value) == (
        "王明, the person of this case, must be among the candidates for inspection."
    )
    selection = af.select(world, case)
    assert list(selection.candidates.all()) == [case.person]


def test_apt1_inspection_found_not_suitable_stops_the_case(world):
    case = af.case_at(world, Stage.INSPECTION)
    af.inspect(world, case, Inspection.Conclusion.NOT_SUITABLE)
    case.refresh_from_db()
    assert case.stage == Stage.STOPPED
    assert case.inspection.conclusion == Inspection.Conclusion.NOT_SUITABLE


# -- DEC-4, DEC-6: the committee decision -------------------------------------------------


def test_dec4_case_waits_until_the_personnel_item_is_voted(world, english):
    case = af.case_at(world, Stage.DECISION)
    with pytest.raises(errors.WrongAgendaItem):
        services.decision_confirm(actor=world.a.clerk, case=case)
    town = mf.town_of(world)
    meeting = mf.schedule(town)
    item = mf.add_item(town, meeting, "personnel", nominees=[case.person])
    services.decision_link(actor=world.a.clerk, case=case, item=item)
    before = snapshot()
    with pytest.raises(errors.DecisionNotTaken) as caught:
        services.decision_confirm(actor=world.a.clerk, case=case)
    assert str(caught.value) == "The committee has not voted on the personnel item yet."
    assert snapshot() == before


def test_dec4_an_item_not_passed_keeps_the_case_at_the_decision(world, english):
    """DEC-4: 10 of 15 agreeing is not more than 2/3 of ALL members; the case stays."""
    case = af.case_at(world, Stage.DECISION)
    af.committee_vote(world, case, agree=10)
    before = snapshot()
    with pytest.raises(errors.DecisionNotPassed) as caught:
        services.decision_confirm(actor=world.a.clerk, case=case)
    assert str(caught.value).startswith("The committee did not pass the appointment")
    assert caught.value.rule == "DEC-4"
    assert snapshot() == before


def test_dec4_a_passed_item_moves_the_case_and_keeps_its_tally(world):
    """DEC-4, DEC-6: 11 of 15 agree (more than 2/3 of all members): the case moves on."""
    case = af.case_at(world, Stage.DECISION)
    item = af.committee_vote(world, case, agree=11)
    services.decision_confirm(actor=world.a.clerk, case=case)
    case.refresh_from_db()
    assert case.stage == Stage.NOTICE
    row = services.decision_row(case, item.decision)
    assert row["passed"] and row["counts"]["agree"] == 11
    assert row["arithmetic"] in case.transitions.last().note


def test_dec4_only_a_personnel_item_naming_the_person(world, english):
    case = af.case_at(world, Stage.DECISION)
    town = mf.town_of(world)
    meeting = mf.schedule(town)
    ordinary = mf.add_item(town, meeting, "ordinary")
    other = mf.add_item(town, meeting, "personnel", nominees=[af.person(world.own)])
    for item in (ordinary, other):
        with pytest.raises(errors.WrongAgendaItem) as caught:
            services.decision_link(actor=world.a.clerk, case=case, item=item)
        assert caught.value.rule == "DEC-4"
    office = mf.schedule(town, body_kind="secretary_office")
    prepared = mf.add_item(town, office, "personnel", nominees=[case.person])
    with pytest.raises(errors.WrongAgendaItem):  # DEC-1: the office never decides
        services.decision_link(actor=world.a.clerk, case=case, item=prepared)
    case.refresh_from_db()
    assert case.agenda_item is None


# -- APT-3, PUB-3: the public notice -------------------------------------------------------


def test_apt3_notice_published_in_the_column_for_the_computed_window(world):
    """APT-3: published on Tue 29 Sep 2026, before National Day: ends Mon 12 Oct."""
    with time_machine.travel(_at(2026, 9, 29, 10), tick=False):
        case = af.case_at(world, Stage.NOTICE)
        notice = services.notice_publish(actor=world.a.clerk, case=case)
    item = notice.item
    assert item.state == Item.State.PUBLISHED
    assert item.category == "public_notice"
    assert (item.window_from, item.window_until) == (
        datetime.date(2026, 9, 29),
        datetime.date(2026, 10, 12),
    )
    assert item.source_ref == f"cadres.appointment:{case.pk}"
    assert notice.working_days == 5
    assert notice.ends_at == _at(2026, 10, 12, 23, 59, 59).replace(microsecond=999999)
    assert "王明" in item.title and af.POST in item.title
    assert "2026年10月12日" in item.body
    with pytest.raises(errors.NoticeAlreadyPublished):
        services.notice_publish(actor=world.a.clerk, case=case)


def test_apt3_county_correction_moves_the_notice_end(world):
    """APT-3: a day off the county entered counts as a holiday."""
    org_services.holiday_correction_set(
        actor=world.reviewer,
        county=world.county,
        date=datetime.date(2026, 11, 30),
        is_working_day=False,
        note="县里调整",
    )
    with time_machine.travel(_at(2026, 11, 23, 10), tick=False):
        case = af.case_at(world, Stage.NOTICE)
        notice = services.notice_publish(actor=world.a.clerk, case=case)
    assert notice.last_day == datetime.date(2026, 12, 1)


@pytest.fixture
def noticed(world):
    """A case whose notice was published Mon 23 Nov 2026: last day Mon 30 Nov."""
    with time_machine.travel(_at(2026, 11, 23, 10), tick=False):
        case = af.case_at(world, Stage.NOTICE)
        notice = services.notice_publish(actor=world.a.clerk, case=case)
    assert notice.last_day == datetime.date(2026, 11, 30)
    return case, notice


def _object(notice, text="候选人家属经营道路工程承包公司"):
    return column_services.feedback_submit(
        item=notice.item, kind=Feedback.Kind.OBJECTION, text=text, contact="138"
    )


def test_apt3_objection_in_the_last_minute_taken_after_the_window_refused(
    noticed, english
):
    """APT-3, PUB-3: 23:59 of the last day is inside; 00:00 the next day is outside."""
    _case, notice = noticed
    with time_machine.travel(_at(2026, 11, 30, 23, 59), tick=False):
        assert _object(notice).pk
    with time_machine.travel(_at(2026, 12, 1, 0, 0), tick=False):
        before = Feedback.objects.count()
        with pytest.raises(column_errors.ObjectionOutsideWindow) as caught:
            _object(notice)
        assert str(caught.value) == (
            "Objections are accepted only during the notice period."
        )
        assert Feedback.objects.count() == before


def test_apt3_formalities_refused_before_the_notice_ended(world, noticed, english):
    """APT-3: at 23:59 of the last day the formalities wait; at 00:00 they may start."""
    case, _notice = noticed
    with time_machine.travel(_at(2026, 11, 30, 23, 59), tick=False):
        before = snapshot()
        with pytest.raises(errors.NoticePeriodOpen) as caught:
            services.formalities_start(actor=world.a.clerk, case=case)
        assert str(caught.value) == (
            "The public notice runs until 2026-11-30 23:59; the formalities wait until "
            "it has ended."
        )
        assert snapshot() == before
    with time_machine.travel(_at(2026, 12, 1, 0, 0), tick=False):
        services.formalities_start(actor=world.a.clerk, case=case)
    case.refresh_from_db()
    assert case.stage == Stage.FORMALITIES


def test_apt3_formalities_refused_while_an_objection_has_no_finding(
    world, noticed, english
):
    """APT-3: every objection needs a recorded finding before the formalities."""
    case, notice = noticed
    with time_machine.travel(_at(2026, 11, 25, 9), tick=False):
        objection = _object(notice)
        column_services.feedback_submit(
            item=notice.item, kind=Feedback.Kind.FEEDBACK, text="支持"
        )  # feedback, not an objection: needs no finding
    with time_machine.travel(_at(2026, 12, 2, 9), tick=False):
        before = snapshot()
        with pytest.raises(errors.ObjectionWithoutFinding) as caught:
            services.formalities_start(actor=world.a.clerk, case=case)
        assert str(caught.value) == (
            "1 objection(s) to the notice have no finding yet; record a finding for "
            "each before the formalities."
        )
        assert caught.value.rule == "APT-3"
        assert snapshot() == before
        services.objection_finding_record(
            actor=world.a.clerk,
            case=case,
            feedback=objection,
            affects=False,
            note="经核查，该公司与拟任人无关联。",
        )
        services.formalities_start(actor=world.a.clerk, case=case)
        formalities = services.formalities_complete(
            actor=world.a.clerk,
            case=case,
            done_on=datetime.date(2026, 12, 2),
            letter_number="南委干〔2026〕30号",
            effective_from=datetime.date(2026, 12, 3),
        )
    case.refresh_from_db()
    assert case.stage == Stage.DONE
    assert formalities.case == case
    objection.refresh_from_db()
    assert objection.finding == Feedback.Finding.DOES_NOT_AFFECT
    assert objection.finding_by == world.a.clerk


def test_apt3_an_affecting_finding_stops_the_case(world, noticed, english):
    """APT-3: an objection found to affect the appointment stops it."""
    case, notice = noticed
    with time_machine.travel(_at(2026, 11, 26, 9), tick=False):
        objection = _object(notice)
        services.objection_finding_record(
            actor=world.a.clerk,
            case=case,
            feedback=objection,
            affects=True,
            note="反映属实：亲属经营项目承包企业。",
        )
    case.refresh_from_db()
    assert case.stage == Stage.STOPPED
    assert case.stopped_reason == "反映属实：亲属经营项目承包企业。"
    # The notice is withdrawn from the column (PUB-2: kept, with its history).
    notice.item.refresh_from_db()
    assert notice.item.state == Item.State.WITHDRAWN
    assert notice.item.withdrawal_reason == services.NOTICE_WITHDRAWN_REASON
    last = case.transitions.last()
    assert (last.from_stage, last.to_stage, last.by) == (
        Stage.NOTICE,
        Stage.STOPPED,
        world.a.clerk,
    )
    with time_machine.travel(_at(2026, 12, 2, 9), tick=False):
        with pytest.raises(errors.CaseClosed):
            services.formalities_start(actor=world.a.clerk, case=case)


def test_apt3_a_finding_only_for_an_objection_on_this_notice(world, noticed, english):
    case, _notice = noticed
    other_case = af.open_case(world, af.person(world.own, "李雷"))
    from tests.disclosure.factories import make_item

    stray = make_item(world.own, window="open")
    feedback = column_services.feedback_submit(
        item=stray, kind=Feedback.Kind.OBJECTION, text="别的事"
    )
    for target in (case, other_case):
        with pytest.raises(errors.ObjectionNotOnThisNotice):
            services.objection_finding_record(
                actor=world.a.clerk, case=target, feedback=feedback, affects=True
            )
    feedback.refresh_from_db()
    assert feedback.finding == ""
