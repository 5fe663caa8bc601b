"""LRN-1 … LRN-6: every write service checks its actor itself, whatever page
(or none) it is called from. The township's staff keep the study records, the secretary
approves the plan and grades reports, a cadre writes only their own report; anyone else is
refused with NotPermitted and nothing is written. actor=None is the system (a task, the
demo). Bad input is a domain error too, never Django's ValidationError."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps

from cadres.learning import services
from cadres.learning.errors import (
    NotACadre,
    SpotCheckSampleTooSmall,
    TrainingEndsBeforeStart,
)
from cadres.learning.models import StudyArea, StudyDay, TrainingRecord
from committees import services as committee_services
from core.errors import NotPermitted, RecordInvalid
from tests.cadres.learning.factories import full_plan, submitted_report

pytestmark = pytest.mark.django_db

# Everyone who is not township staff: the committee member, the cadre, the finance group,
# the secretary of the other township, the county reviewer, a user with no role, the auditor.
NOT_STAFF = (
    "member",
    "cadre",
    "finance_group",
    "outsider",
    "reviewer",
    "nobody",
    "auditor",
)
NOT_SECRETARY = ("clerk", *NOT_STAFF)


def _user(world, who):
    special = {
        "outsider": world.b.secretary,
        "reviewer": world.reviewer,
        "nobody": world.nobody,
        "auditor": world.auditor,
    }
    return special.get(who) or getattr(world.a, who)


def _rows() -> dict[str, int]:
    """Rows of every table the cadres and committees apps write, history included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("cadres", "committees")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def records(world):
    """A draft plan, a submitted report, a spot check and an exam of township A, made by
    the system (actor=None)."""
    plan = full_plan(world.own, 2026)
    check = services.spot_check_draw(
        actor=None, township=world.own, year=2025, sample_size=2
    )
    exam = services.exam_create(
        actor=None,
        township=world.own,
        title="乡镇干部任职资格考试",
        deadline=datetime.date(2099, 12, 31),
        people=[world.a.cadre.person],
    )
    return {
        "plan": plan,
        "topic": plan.topics.first(),
        "report": submitted_report(world.a.cadre.person, 2026, 9),
        "check": check,
        "item": check.items.first(),
        "candidate": exam.candidates.get(),
    }


# (rule, service, who may, the call). Each call writes something when it is allowed.
CASES = [
    (
        "LRN-1",
        "study_plan_create",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.study_plan_create(
            actor=actor, township=w.own, year=2027
        ),
    ),
    (
        "LRN-1",
        "study_topic_add",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.study_topic_add(
            actor=actor, plan=r["plan"], month=6, area=StudyArea.LAW, title="宪法"
        ),
    ),
    (
        "LRN-1",
        "study_topic_remove",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.study_topic_remove(actor=actor, topic=r["topic"]),
    ),
    (
        "LRN-1",
        "study_plan_approve",
        "secretary",
        NOT_SECRETARY,
        lambda w, r, actor: services.study_plan_approve(actor=actor, plan=r["plan"]),
    ),
    (
        "LRN-2",
        "study_day_record",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.study_day_record(
            actor=actor,
            township=w.own,
            kind=StudyDay.Kind.CENTRAL_GROUP,
            date=datetime.date(2025, 3, 10),
            topic="中心组学习",
            attendees=[w.a.member.person],
        ),
    ),
    (
        "LRN-3",
        "study_report_comment",
        "secretary",
        NOT_SECRETARY,
        lambda w, r, actor: services.study_report_comment(
            actor=actor, report=r["report"], comment="较好", grade="good"
        ),
    ),
    (
        "LRN-4",
        "training_record_add",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.training_record_add(
            actor=actor,
            township=w.own,
            person=w.a.cadre.person,
            kind=TrainingRecord.Kind.SELF_STUDY,
            title="网络学院",
            start=datetime.date(2026, 3, 1),
            hours=Decimal("8"),
        ),
    ),
    (
        "LRN-5",
        "spot_check_draw",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.spot_check_draw(
            actor=actor, township=w.own, year=2024, sample_size=2
        ),
    ),
    (
        "LRN-5",
        "spot_check_review",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.spot_check_review(
            actor=actor,
            spot_check=r["check"],
            collective_findings="集体学习扎实",
            findings="总体良好",
            grades={r["item"].pk: ("good", "按时提交")},
        ),
    ),
    (
        "LRN-6",
        "exam_create",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.exam_create(
            actor=actor,
            township=w.own,
            title="补考",
            deadline=datetime.date(2099, 6, 30),
            people=[w.a.cadre.person],
        ),
    ),
    (
        "LRN-6",
        "exam_result_record",
        "clerk",
        NOT_STAFF,
        lambda w, r, actor: services.exam_result_record(
            actor=actor,
            candidate=r["candidate"],
            result="passed",
            result_date=datetime.date(2026, 3, 1),
        ),
    ),
]


@pytest.mark.parametrize(
    ("rule", "service", "allowed", "refused", "call"),
    CASES,
    ids=[f"{rule}-{service}" for rule, service, *_ in CASES],
)
def test_lrn1_to_lrn6_every_write_service_checks_its_actor(
    world, records, english, rule, service, allowed, refused, call
):
    """LRN-1, LRN-2, LRN-3, LRN-4, LRN-5, LRN-6: refused for everyone without the role,
    nothing written; the role holder of the township succeeds."""
    for who in refused:
        before = _rows()
        with pytest.raises(NotPermitted) as error:
            call(world, records, _user(world, who))
        assert str(error.value) == "Your role does not allow this action.", who
        assert _rows() == before, f"{service} wrote something for {who}"
    before = _rows()
    call(world, records, _user(world, allowed))
    assert _rows() != before


@pytest.mark.parametrize("service", ["study_report_save_draft", "study_report_submit"])
def test_lrn3_only_a_person_of_the_township_with_a_role_writes_their_report(
    world, english, service
):
    """LRN-3: the report is the author's: the system, a user with no person here, and a
    person of the township whose role is gone are all refused; nothing is written."""
    write = getattr(services, service)
    # A person of township A whose account holds no role there (revoked, say).
    person = committee_services.person_create(
        actor=None, township=world.own, name="已离岗干部"
    )
    person.user = world.nobody
    person.save()
    refusals = [
        (None, NotACadre),
        (world.b.cadre, NotACadre),
        (world.reviewer, NotACadre),
        (world.nobody, NotPermitted),
    ]
    for actor, refusal in refusals:
        before = _rows()
        with pytest.raises(refusal):
            write(actor=actor, township=world.own, year=2026, month=10, text="体会")
        assert _rows() == before
    report = write(
        actor=world.a.cadre, township=world.own, year=2026, month=10, text="体会"
    )
    assert report.person == world.a.cadre.person


def test_sec3_bad_input_is_a_domain_error_and_writes_nothing(world, records, english):
    """SEC-3 (with LRN-1, LRN-3, LRN-4, LRN-5): a value the record cannot hold is refused
    as a domain error, never a ValidationError or ValueError, and nothing is written."""
    clerk, secretary = world.a.clerk, world.a.secretary
    before = _rows()
    with pytest.raises(RecordInvalid) as refused:
        services.study_topic_add(
            actor=clerk, plan=records["plan"], month=13, area=StudyArea.LAW, title="x"
        )
    assert str(refused.value) == (
        "Not saved: month: Ensure this value is less than or equal to 12."
    )
    with pytest.raises(RecordInvalid) as refused:
        services.study_report_comment(
            actor=secretary, report=records["report"], comment="x", grade="superb"
        )
    assert str(refused.value) == (
        "Not saved: grade: Value 'superb' is not a valid choice."
    )
    with pytest.raises(SpotCheckSampleTooSmall) as refused:
        services.spot_check_draw(
            actor=clerk, township=world.own, year=2024, sample_size=-1
        )
    assert str(refused.value) == "The sample must hold at least one cadre."
    with pytest.raises(TrainingEndsBeforeStart) as refused:
        services.training_record_add(
            actor=clerk,
            township=world.own,
            person=world.a.cadre.person,
            kind=TrainingRecord.Kind.SELF_STUDY,
            title="网络学院",
            start=datetime.date(2026, 3, 10),
            end=datetime.date(2026, 3, 9),
            hours=Decimal("8"),
        )
    assert str(refused.value) == "A training cannot end before the day it starts."
    assert _rows() == before
    records["report"].refresh_from_db()
    assert records["report"].grade == ""
    # The allowed boundary: a training of one day (ends the day it starts) is recorded.
    one_day = services.training_record_add(
        actor=clerk,
        township=world.own,
        person=world.a.cadre.person,
        kind=TrainingRecord.Kind.SELF_STUDY,
        title="网络学院",
        start=datetime.date(2026, 3, 10),
        end=datetime.date(2026, 3, 10),
        hours=Decimal("8"),
    )
    assert one_day.end == one_day.start
