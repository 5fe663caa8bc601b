"""Factories of the oversight app: pilots built through the services, as townships would."""

from __future__ import annotations

import datetime

from django.utils import timezone

from committees.models import Body
from core.history import save_with_history
from oversight import rules, services
from oversight.models import PhaseDocument, Pilot, PilotPhase

JULY_1 = datetime.date(2026, 7, 1)

DOCUMENTS = {
    PilotPhase.Kind.PREPARATION: [
        (PhaseDocument.Kind.INVESTIGATION, "调研记录"),
        (PhaseDocument.Kind.PLAN, "实施方案"),
    ],
    PilotPhase.Kind.BUILDING: [
        (PhaseDocument.Kind.RULES, "党委议事决策规则"),
        (PhaseDocument.Kind.SYMPOSIUM, "座谈会记录"),
    ],
    PilotPhase.Kind.TRIAL_RUN: [(PhaseDocument.Kind.TRIAL_LOG, "试运行日志")],
}
STARTS = {
    PilotPhase.Kind.BUILDING: datetime.date(2026, 7, 10),
    PilotPhase.Kind.TRIAL_RUN: datetime.date(2026, 7, 20),
    PilotPhase.Kind.SUMMARY: datetime.date(2026, 8, 5),
}


def make_pilot(township, actor, *, through=PilotPhase.Kind.PREPARATION) -> Pilot:
    """A pilot from 1 July to 31 August, moved on until phase `through` is current."""
    pilot = services.pilot_create(
        actor=actor, township=township, start=JULY_1, end=datetime.date(2026, 8, 31)
    )
    for kind in rules.PHASE_ORDER:
        if kind == through:
            break
        fill_phase(pilot, actor)
        following = rules.next_phase(kind)
        services.phase_advance(
            actor=actor, pilot=pilot, to_kind=following, on=STARTS[following]
        )
    return pilot


def fill_phase(pilot, actor) -> None:
    phase = services.current_phase(pilot)
    for kind, title in DOCUMENTS.get(phase.kind, []):
        services.document_add(
            actor=actor,
            phase=phase,
            kind=kind,
            title=title,
            text="内容",
            opinions="建议明确事后报告时限"
            if kind == PhaseDocument.Kind.SYMPOSIUM
            else "",
        )


def submitted_summary(township, actor, text="试点工作总结", attachment=None):
    pilot = make_pilot(township, actor, through=PilotPhase.Kind.SUMMARY)
    return services.summary_submit(
        actor=actor, pilot=pilot, text=text, attachment=attachment
    )


def held_meeting(township, when: datetime.datetime, kind=Body.Kind.COMMITTEE):
    """A committee meeting held at `when` (fixture data of the past: the meetings services
    stamp 'now' and check notice periods against it)."""
    from meetings.models import Meeting

    body = Body.objects.get(township=township, kind=kind)
    return save_with_history(
        Meeting(
            township=township,
            body=body,
            title="党委会议",
            start=when,
            place="会议室",
            status=Meeting.Status.CLOSED,
            opened_at=when,
            closed_at=when + datetime.timedelta(hours=2),
        ),
        actor=None,
        reason="test data",
    )


def aware(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))
