"""PIL-1 and PIL-2 in the services: exact refusals, nothing written, history kept."""

import datetime

import pytest
from django.utils import translation

from oversight import errors, services
from oversight.models import PhaseDocument, Pilot, PilotPhase, Summary
from tests.oversight.factories import (
    JULY_1,
    fill_phase,
    make_pilot,
    submitted_summary,
)

pytestmark = pytest.mark.django_db

Kind = PilotPhase.Kind


@pytest.fixture(autouse=True)
def _english(english):
    """Messages asserted in English here (the msgids); the pages check the Chinese."""


def test_pil1_refusals_read_in_chinese_on_screen(world):
    make_pilot(world.own, world.a.secretary)
    with translation.override("zh-hans"):
        with pytest.raises(errors.PilotExists) as caught:
            services.pilot_create(
                actor=world.a.clerk, township=world.own, start=JULY_1, end=JULY_1
            )
        assert str(caught.value) == "本乡镇已有试点。"


def test_pil1_pilot_opens_in_preparation_with_history(world):
    pilot = make_pilot(world.own, world.a.secretary)
    phase = pilot.phases.get()
    assert phase.kind == Kind.PREPARATION
    assert phase.started_on == JULY_1
    assert phase.started_by == world.a.secretary
    assert pilot.history.first().history_user == world.a.secretary


def test_pil1_one_pilot_per_township(world):
    make_pilot(world.own, world.a.secretary)
    with pytest.raises(errors.PilotExists, match="This township already has a pilot."):
        services.pilot_create(
            actor=world.a.clerk, township=world.own, start=JULY_1, end=JULY_1
        )
    assert Pilot.objects.count() == 1


def test_pil1_pilot_end_not_before_start(world):
    with pytest.raises(errors.PilotDatesInvalid) as caught:
        services.pilot_create(
            actor=world.a.secretary,
            township=world.own,
            start=JULY_1,
            end=JULY_1 - datetime.timedelta(days=1),
        )
    assert str(caught.value) == "The pilot cannot end before it starts."
    assert caught.value.rule == "PIL-1"
    assert not Pilot.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "member", "cadre", "outsider"])
def test_pil1_only_township_staff_record_the_pilot(world, who):
    user = {
        "reviewer": world.reviewer,
        "member": world.a.member,
        "cadre": world.a.cadre,
        "outsider": world.b.secretary,
    }[who]
    with pytest.raises(
        errors.NotTownshipStaff,
        match="Only the township's secretary or clerk records the pilot.",
    ):
        services.pilot_create(actor=user, township=world.own, start=JULY_1, end=JULY_1)
    assert not Pilot.objects.exists()


def test_pil1_phases_in_order_none_skipped(world):
    pilot = make_pilot(world.own, world.a.secretary)
    fill_phase(pilot, world.a.secretary)
    for skipped in (Kind.TRIAL_RUN, Kind.SUMMARY, Kind.PREPARATION):
        with pytest.raises(errors.PhaseSkipped) as caught:
            services.phase_advance(
                actor=world.a.clerk,
                pilot=pilot,
                to_kind=skipped,
                on=datetime.date(2026, 7, 10),
            )
        assert str(caught.value) == (
            "Phases follow one another in order; none may be skipped."
        )
    assert pilot.phases.count() == 1
    assert pilot.phases.get().ended_on is None


def test_pil1_phase_moves_on_only_with_its_documents(world):
    pilot = make_pilot(world.own, world.a.secretary)
    phase = services.current_phase(pilot)
    services.document_add(
        actor=world.a.clerk,
        phase=phase,
        kind=PhaseDocument.Kind.INVESTIGATION,
        title="调研记录",
    )
    with pytest.raises(errors.PhaseDocumentsMissing) as caught:
        services.phase_advance(
            actor=world.a.clerk,
            pilot=pilot,
            to_kind=Kind.BUILDING,
            on=datetime.date(2026, 7, 10),
        )
    assert (
        str(caught.value) == "This phase cannot end yet. Missing: implementation plan."
    )
    assert pilot.phases.count() == 1


def test_pil1_advance_records_who_and_when(world):
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.BUILDING)
    first, second = pilot.phases.order_by("started_on")
    assert first.ended_on == datetime.date(2026, 7, 10)
    assert first.moved_on_by == world.a.secretary
    assert second.kind == Kind.BUILDING and second.started_on == first.ended_on
    assert first.history.filter(history_change_reason__contains="moved on").exists()


def test_pil1_trial_run_lasts_half_a_month(world):
    """PIL-1: 15 days. Started 20 July (runs 20 July to 3 August): it may not move on
    on 3 August, it may on 4 August."""
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.TRIAL_RUN)
    fill_phase(pilot, world.a.secretary)
    with pytest.raises(errors.TrialRunTooShort) as caught:
        services.phase_advance(
            actor=world.a.clerk,
            pilot=pilot,
            to_kind=Kind.SUMMARY,
            on=datetime.date(2026, 8, 3),
        )
    assert str(caught.value) == (
        "The trial run lasts at least half a month (15 days): "
        "it can move on from 2026-08-04."
    )
    assert not pilot.phases.filter(kind=Kind.SUMMARY).exists()
    services.phase_advance(
        actor=world.a.clerk,
        pilot=pilot,
        to_kind=Kind.SUMMARY,
        on=datetime.date(2026, 8, 4),
    )
    assert services.current_phase(pilot).kind == Kind.SUMMARY


def test_pil1_last_phase_does_not_move_on(world):
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.SUMMARY)
    with pytest.raises(errors.PilotFinished, match="already in its last phase"):
        services.phase_advance(actor=world.a.clerk, pilot=pilot, to_kind=Kind.SUMMARY)


def test_pil1_documents_belong_to_their_phase(world):
    pilot = make_pilot(world.own, world.a.secretary)
    with pytest.raises(errors.DocumentNotOfPhase) as caught:
        services.document_add(
            actor=world.a.clerk,
            phase=services.current_phase(pilot),
            kind=PhaseDocument.Kind.TRIAL_LOG,
            title="试运行日志",
        )
    assert str(caught.value) == "This kind of document does not belong to this phase."
    assert not PhaseDocument.objects.exists()


def test_pil1_ended_phase_takes_no_document(world):
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.BUILDING)
    ended = pilot.phases.get(kind=Kind.PREPARATION)
    before = PhaseDocument.objects.count()
    with pytest.raises(errors.PhaseClosed):
        services.document_add(
            actor=world.a.clerk,
            phase=ended,
            kind=PhaseDocument.Kind.PLAN,
            title="补充方案",
        )
    assert PhaseDocument.objects.count() == before


def test_pil1_rules_are_versioned_and_keep_the_old(world):
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.BUILDING)
    phase = services.current_phase(pilot)
    first = services.document_add(
        actor=world.a.clerk,
        phase=phase,
        kind=PhaseDocument.Kind.RULES,
        title="议事规则",
        text="第一稿",
    )
    second = services.document_add(
        actor=world.a.clerk,
        phase=phase,
        kind=PhaseDocument.Kind.RULES,
        title="议事规则",
        text="第二稿",
    )
    assert (first.version, second.version) == (1, 2)
    assert second.previous == first
    first.refresh_from_db()
    assert first.text == "第一稿"


def test_pil1_upload_type_refused_nothing_written(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.errors import RecordInvalid

    pilot = make_pilot(world.own, world.a.secretary)
    with pytest.raises(RecordInvalid):  # SEC-3: a domain error, not a ValidationError
        services.document_add(
            actor=world.a.clerk,
            phase=services.current_phase(pilot),
            kind=PhaseDocument.Kind.PLAN,
            title="方案",
            file=SimpleUploadedFile("evil.exe", b"MZ"),
        )
    assert not PhaseDocument.objects.exists()


# -- PIL-2 ---------------------------------------------------------------------------


def test_pil2_summary_only_in_summary_phase(world):
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.TRIAL_RUN)
    with pytest.raises(errors.SummaryTooEarly) as caught:
        services.summary_submit(actor=world.a.clerk, pilot=pilot, text="总结")
    assert str(caught.value) == (
        "The summary is submitted in the summary and improvement phase."
    )
    assert not Summary.objects.exists()


def test_pil2_reviewer_returns_with_comment_and_a_new_round_follows(world):
    summary = submitted_summary(world.own, world.a.secretary)
    assert (summary.round, summary.status) == (1, Summary.Status.SUBMITTED)
    with pytest.raises(errors.SummaryPending):
        services.summary_submit(actor=world.a.clerk, pilot=summary.pilot, text="again")
    services.summary_review(
        actor=world.reviewer, summary=summary, accept=False, comment="请说明六月情况"
    )
    summary.refresh_from_db()
    assert summary.status == Summary.Status.RETURNED
    assert summary.reviewer_comment == "请说明六月情况"
    assert summary.reviewed_by == world.reviewer
    second = services.summary_submit(
        actor=world.a.clerk, pilot=summary.pilot, text="补充说明后的总结"
    )
    assert second.round == 2
    services.summary_review(actor=world.reviewer, summary=second, accept=True)
    second.refresh_from_db()
    assert second.status == Summary.Status.ACCEPTED
    # Every round is kept.
    assert list(summary.pilot.summaries.values_list("round", "status")) == [
        (1, "returned"),
        (2, "accepted"),
    ]
    with pytest.raises(errors.SummaryPending):
        services.summary_submit(actor=world.a.clerk, pilot=summary.pilot, text="x")


def test_pil2_return_needs_a_comment(world):
    summary = submitted_summary(world.own, world.a.secretary)
    with pytest.raises(errors.ReturnNeedsComment) as caught:
        services.summary_review(
            actor=world.reviewer, summary=summary, accept=False, comment="  "
        )
    assert (
        str(caught.value) == "A returned summary needs a comment saying what to change."
    )
    summary.refresh_from_db()
    assert summary.status == Summary.Status.SUBMITTED
    assert summary.history.count() == 1


@pytest.mark.parametrize("who", ["secretary", "far_reviewer", "outsider"])
def test_pil2_only_the_county_reviewer_reviews(world, who):
    user = {
        "secretary": world.a.secretary,
        "far_reviewer": world.far_reviewer,
        "outsider": world.b.secretary,
    }[who]
    summary = submitted_summary(world.own, world.a.secretary)
    with pytest.raises(errors.NotCountyReviewer) as caught:
        services.summary_review(actor=user, summary=summary, accept=True)
    assert str(caught.value) == (
        "Only a county reviewer of this township's county reviews its summary."
    )
    summary.refresh_from_db()
    assert summary.status == Summary.Status.SUBMITTED


def test_pil2_reviewed_once(world):
    summary = submitted_summary(world.own, world.a.secretary)
    services.summary_review(actor=world.reviewer, summary=summary, accept=True)
    with pytest.raises(errors.SummaryAlreadyReviewed):
        services.summary_review(
            actor=world.reviewer, summary=summary, accept=False, comment="x"
        )


def test_pil2_reviewer_cannot_submit_or_edit(world):
    """SPEC: county reviewers never edit township records."""
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.SUMMARY)
    with pytest.raises(errors.NotTownshipStaff):
        services.summary_submit(actor=world.reviewer, pilot=pilot, text="x")
    with pytest.raises(errors.NotTownshipStaff):
        services.phase_advance(actor=world.reviewer, pilot=pilot, to_kind=Kind.SUMMARY)


# -- steering group ------------------------------------------------------------------


def test_steering_group_reviewers_of_the_county_only(world):
    """Steering group (SEC-1): a reviewer of the county joins; another county's cannot."""
    from oversight.models import SteeringAssignment

    services.steering_assign(
        actor=world.reviewer, reviewer=world.reviewer, township=world.own
    )
    with pytest.raises(errors.AlreadyAssigned):
        services.steering_assign(
            actor=world.reviewer, reviewer=world.reviewer, township=world.own
        )
    with pytest.raises(errors.NotReviewerOfCounty) as caught:
        services.steering_assign(
            actor=world.far_reviewer, reviewer=world.far_reviewer, township=world.own
        )
    assert str(caught.value) == (
        "Only county reviewers of this township's county join its steering group."
    )
    with pytest.raises(errors.NotReviewerOfCounty):
        services.steering_assign(
            actor=world.reviewer, reviewer=world.a.secretary, township=world.own
        )
    assert SteeringAssignment.objects.count() == 1


def test_demo_builder_is_idempotent(world):
    """Demo data: a pilot through its phases with a submitted summary; twice = once."""
    from committees import access
    from oversight import demo

    users = {access.Role.SECRETARY: world.a.secretary}
    demo.build(world.own, users)
    demo.build(world.own, users)
    pilot = Pilot.objects.get(township=world.own)
    assert services.current_phase(pilot).kind == Kind.SUMMARY
    assert pilot.phases.count() == 4
    assert pilot.summaries.get().status == Summary.Status.SUBMITTED
    rules = PhaseDocument.objects.filter(kind=PhaseDocument.Kind.RULES)
    assert sorted(rules.values_list("version", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_pil2_two_submissions_at_once_make_one_round(world):
    """PIL-2: the pilot row is locked while a summary is submitted, so two clerks pressing
    "submit" together make one round, and the other is told a summary is pending."""
    import threading

    from django.db import connection

    pilot = make_pilot(world.own, world.a.secretary, through=Kind.SUMMARY)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(user):
        try:
            barrier.wait()
            with translation.override("en"):
                services.summary_submit(actor=user, pilot=pilot, text="总结")
            outcomes.append("ok")
        except errors.SummaryPending:
            outcomes.append("pending")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(u,))
        for u in (world.a.secretary, world.a.clerk)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "pending"]
    assert Summary.objects.filter(pilot=pilot).count() == 1


def test_pil1_symposium_record_keeps_the_opinions(world):
    pilot = make_pilot(world.own, world.a.secretary, through=Kind.BUILDING)
    with pytest.raises(errors.SymposiumWithoutOpinions) as caught:
        services.document_add(
            actor=world.a.clerk,
            phase=services.current_phase(pilot),
            kind=PhaseDocument.Kind.SYMPOSIUM,
            title="座谈会记录",
            opinions=" ",
        )
    assert str(caught.value) == "A symposium record holds the opinions gathered."
    assert not PhaseDocument.objects.filter(kind=PhaseDocument.Kind.SYMPOSIUM).exists()
