"""Demo pilots: a pilot per demo township with its phases, documents and a submitted
summary (the seed's pilot ran from July to the end of August). Idempotent."""

from __future__ import annotations

import datetime

from django.utils import timezone

from committees import access
from oversight import services
from oversight.models import PhaseDocument, Pilot, PilotPhase


def build(township, users_by_role) -> None:
    if Pilot.objects.filter(township=township).exists():
        return
    actor = users_by_role.get(access.Role.SECRETARY)
    if actor is None:
        return
    today = timezone.localdate()
    year = today.year if today.month >= 9 else today.year - 1
    day = lambda month, d: datetime.date(year, month, d)  # noqa: E731
    pilot = services.pilot_create(
        actor=actor, township=township, start=day(7, 1), end=day(8, 31)
    )
    steps = [
        (
            PilotPhase.Kind.BUILDING,
            day(7, 10),
            [
                (
                    PhaseDocument.Kind.INVESTIGATION,
                    "党委运行情况调研记录",
                    "走访 6 个村、座谈 3 次。",
                    "",
                ),
                (
                    PhaseDocument.Kind.PLAN,
                    "乡镇党委标准化建设试点实施方案",
                    "分四个阶段推进。",
                    "",
                ),
            ],
        ),
        (
            PilotPhase.Kind.TRIAL_RUN,
            day(7, 25),
            [
                (PhaseDocument.Kind.RULES, "党委议事决策规则", "初稿。", ""),
                (
                    PhaseDocument.Kind.RULES,
                    "党委议事决策规则",
                    "吸收座谈会意见后的第二稿。",
                    "",
                ),
                (
                    PhaseDocument.Kind.SYMPOSIUM,
                    "制度草案征求意见座谈会记录",
                    "村党支部书记、镇干部 18 人参加。",
                    "建议明确紧急情况个人临机决定的事后报告时限。",
                ),
            ],
        ),
        (
            PilotPhase.Kind.SUMMARY,
            day(8, 10),
            [
                (
                    PhaseDocument.Kind.TRIAL_LOG,
                    "试运行日志",
                    "各项制度按新规则运行 15 天。",
                    "",
                )
            ],
        ),
    ]
    for to_kind, on, documents in steps:
        phase = services.current_phase(pilot)
        for kind, title, text, opinions in documents:
            services.document_add(
                actor=actor,
                phase=phase,
                kind=kind,
                title=title,
                text=text,
                opinions=opinions,
            )
        services.phase_advance(actor=actor, pilot=pilot, to_kind=to_kind, on=on)
    services.summary_submit(
        actor=actor,
        pilot=pilot,
        text=f"{township.name}党委标准化建设试点工作总结：按准备阶段、建章立制、试运行、总结完善四个阶段推进，"
        "建立了议事决策、学习培训、选人用人、重大事项管理和激励约束五项机制。",
    )
