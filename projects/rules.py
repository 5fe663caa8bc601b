"""Pure rules of public investment projects and tendering (PRJ-1 … PRJ-5): no ORM, no settings.

Every clock is a `core.periods.PeriodRule` carrying its article (`basis`), computed by the one
period engine with the county's working calendar (`committees.selectors.work_calendar`) that
the caller passes in. Moments are aware datetimes; their day is the Asia/Shanghai day.

How the law's tender periods read here (民法典 arts. 201–203):

- The day of the event (the documents issued, the report received, the award) is not counted.
- A *minimum* period ("at least 20 days", "at least 5 days", "shown at least 3 days") is
  counted in calendar days and does not move for a day off: a longer period is always lawful.
- A period *within which an act is due* ("published within 3 days", "answered within 3
  days", "signed within 30 days", "filed within 15 days") ends on its last day, moved to the
  next working day when that day is a public holiday or a rest day (民法典 art. 203).
- PRJ-5's government-purchase periods are working days (政府采购法 arts. 52–53, its
  implementing regulation arts. 43 and 50).

Tested by boundary tables in `tests/projects/test_rules.py`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from core.periods import (
    SHANGHAI,
    Period,
    PeriodRule,
    Unit,
    WorkCalendar,
    latest_start,
    local_date,
    period,
)

# -- PRJ-1: the stages --------------------------------------------------------------------------


class Stage(StrEnum):
    PROPOSAL = "proposal"
    FEASIBILITY = "feasibility"
    DECISION = "decision"
    APPROVAL = "approval"
    TENDERING = "tendering"
    IMPLEMENTATION = "implementation"
    ACCEPTANCE = "acceptance"
    ACCOUNTS = "accounts"
    FINISHED = "finished"


STAGES = list(Stage)


def next_stage(stage: str) -> Stage | None:
    index = STAGES.index(Stage(stage))
    return STAGES[index + 1] if index + 1 < len(STAGES) else None


def stage_skip(current: str, target: str) -> Stage | None:
    """PRJ-1: None when `target` is the stage right after `current`; else the next stage
    (the one that would be skipped)."""
    following = next_stage(current)
    if following is not None and Stage(target) == following:
        return None
    return following or Stage.FINISHED


def stages_skipped(reached: Iterable[str], current: str) -> list[Stage]:
    """PRJ-1: the stages before `current` that have no record of being reached."""
    seen = {Stage(s) for s in reached} | {Stage.PROPOSAL}
    return [s for s in STAGES[: STAGES.index(Stage(current))] if s not in seen]


ESTIMATE_MARGIN = Decimal("0.10")  # 政府投资条例第十二条: more than 10 % over goes back


def estimate_limit(feasibility: Decimal) -> Decimal:
    return (feasibility * (1 + ESTIMATE_MARGIN)).quantize(Decimal("0.01"))


def estimate_overrun(feasibility: Decimal, estimate: Decimal) -> bool:
    """PRJ-1: the cost estimate is more than 10 % above the feasibility estimate."""
    return estimate > feasibility * (1 + ESTIMATE_MARGIN)


def spending_refused(spent: Decimal, amount: Decimal, estimate: Decimal) -> bool:
    """PRJ-1 (Art 23): spending stays within the approved estimate (at it is within)."""
    return spent + amount > estimate


ACCEPTANCE_CONDITIONS = (
    # 建设工程质量管理条例第十六条 (一)…(五)
    "design_done",  # 完成建设工程设计和合同约定的各项内容
    "technical_files",  # 有完整的技术档案和施工管理资料
    "materials_reports",  # 有主要材料、构配件和设备的进场试验报告
    "quality_certificates",  # 有勘察、设计、施工、工程监理等单位签署的质量合格文件
    "warranty",  # 有施工单位签署的工程保修书
)

ACCEPTANCE_FILING = PeriodRule(
    15,
    basis="建设工程质量管理条例第四十九条（竣工验收合格之日起15日内备案）；民法典第二百零三条",
    last_day_off_moves=True,
)


def acceptance_filing(accepted_on: datetime.date, calendar: WorkCalendar) -> Period:
    return period(ACCEPTANCE_FILING, accepted_on, calendar)


# -- PRJ-2: whether to tender ----------------------------------------------------------------


class Category(StrEnum):
    WORKS = "works"
    GOODS = "goods"
    SERVICES = "services"


# NDRC Order 16 (必须招标的工程项目规定) Art 5: 施工单项合同估算价在400万元人民币以上，
# 重要设备、材料等货物的采购 200万元以上，勘察、设计、监理等服务 100万元以上. "以上"
# includes the figure (民法典第一千二百五十九条).
DEFAULT_THRESHOLDS = {
    Category.WORKS: Decimal("4000000.00"),
    Category.GOODS: Decimal("2000000.00"),
    Category.SERVICES: Decimal("1000000.00"),
}
THRESHOLD_BASIS = "《必须招标的工程项目规定》（国家发展改革委令第16号）第五条"


@dataclass(frozen=True)
class TenderDuty:
    required: bool
    reason: str  # in Chinese, the article or the township's setting
    threshold: Decimal


def tender_duty(
    amount: Decimal,
    threshold: Decimal,
    *,
    township_requires_all: bool = False,
) -> TenderDuty:
    """PRJ-2: must this project be tendered? At or above its stored threshold, or always
    where the township requires open tendering for every major project (a stricter setting)."""
    if amount >= threshold:
        return TenderDuty(
            True,
            f"{THRESHOLD_BASIS}：估算{amount:,.2f}元达到{threshold:,.2f}元",
            threshold,
        )
    if township_requires_all:
        return TenderDuty(True, "本镇规定：重大项目一律公开招标", threshold)
    return TenderDuty(
        False, f"{THRESHOLD_BASIS}：估算低于{threshold:,.2f}元", threshold
    )


# -- PRJ-2: the tender clocks ------------------------------------------------------------------

DOCS_TO_DEADLINE = PeriodRule(
    20,
    basis="招标投标法第二十四条（自招标文件开始发出之日起至提交投标文件截止之日止，最短不得少于二十日）",
)
DOCS_AVAILABLE = PeriodRule(
    5, basis="招标投标法实施条例第十六条（招标文件的发售期不得少于5日）"
)
CLARIFICATION = PeriodRule(
    15,
    basis="招标投标法实施条例第二十一条（澄清或者修改在投标截止时间至少15日前作出，不足15日的顺延截止时间）",
)
OBJECTION_BEFORE = PeriodRule(
    10, basis="招标投标法实施条例第二十二条（对招标文件的异议在投标截止时间10日前提出）"
)
OBJECTION_ANSWER = PeriodRule(
    3,
    basis="招标投标法实施条例第二十二条、第五十四条（收到异议之日起3日内答复，答复前暂停招标投标活动）；民法典第二百零三条",
    last_day_off_moves=True,
)
MIN_BIDS = 3  # 招标投标法第二十八条；实施条例第四十四条
CANDIDATES_PUBLISH = PeriodRule(
    3,
    basis="招标投标法实施条例第五十四条（收到评标报告之日起3日内公示中标候选人）；民法典第二百零三条",
    last_day_off_moves=True,
)
CANDIDATES_SHOWN = PeriodRule(
    3, basis="招标投标法实施条例第五十四条（公示期不得少于3日）"
)
CONTRACT = PeriodRule(
    30,
    basis="招标投标法第四十六条（自中标通知书发出之日起三十日内订立书面合同）；民法典第二百零三条",
    last_day_off_moves=True,
)


def _at(day: datetime.date, like: datetime.datetime) -> datetime.datetime:
    """`day` at the Shanghai time of day of `like`."""
    clock = like.astimezone(SHANGHAI).timetz()
    return datetime.datetime.combine(day, clock.replace(tzinfo=None), tzinfo=SHANGHAI)


def earliest_deadline_day(docs_from: datetime.date) -> datetime.date:
    """PRJ-2: the first day on which bids may close for documents issued on `docs_from`."""
    return period(DOCS_TO_DEADLINE, docs_from).last_day


def deadline_allowed(docs_from: datetime.date, deadline: datetime.datetime) -> bool:
    return local_date(deadline) >= earliest_deadline_day(docs_from)


def earliest_documents_until(docs_from: datetime.date) -> datetime.date:
    """PRJ-2: documents issued from `docs_from` stay available at least until this day."""
    return period(DOCS_AVAILABLE, docs_from).last_day


def deadline_after_clarification(
    clarified_at: datetime.datetime, deadline: datetime.datetime
) -> datetime.datetime:
    """PRJ-2: a clarification less than 15 days before the deadline moves it to the 15th day
    after the clarification (at the same time of day); otherwise the deadline stands."""
    day = period(CLARIFICATION, local_date(clarified_at)).last_day
    if local_date(deadline) >= day:
        return deadline
    return _at(day, deadline)


def last_objection_day(deadline: datetime.datetime) -> datetime.date:
    """PRJ-2: an objection to the documents is made no later than this day."""
    return latest_start(OBJECTION_BEFORE, local_date(deadline))


def objection_allowed(
    received_at: datetime.datetime, deadline: datetime.datetime
) -> bool:
    return local_date(received_at) <= last_objection_day(deadline)


def answer_due(received_at: datetime.datetime, calendar: WorkCalendar) -> Period:
    return period(OBJECTION_ANSWER, local_date(received_at), calendar)


def bid_in_time(received_at: datetime.datetime, deadline: datetime.datetime) -> bool:
    """PRJ-2: a bid is taken while the deadline has not come (to the second; the deadline
    instant itself is closed)."""
    return received_at < deadline


def enough_bids(count: int) -> bool:
    return count >= MIN_BIDS


def evaluation_committee_ok(members: int, experts: int) -> bool:
    """PRJ-2 (招标投标法第三十七条): 5 or more, odd, experts at least two thirds."""
    return members >= 5 and members % 2 == 1 and 3 * experts >= 2 * members


def candidates_publish_due(
    report_at: datetime.datetime, calendar: WorkCalendar
) -> Period:
    return period(CANDIDATES_PUBLISH, local_date(report_at), calendar)


def candidates_shown(published_at: datetime.datetime) -> Period:
    return period(CANDIDATES_SHOWN, local_date(published_at))


def contract_due(awarded_at: datetime.datetime, calendar: WorkCalendar) -> Period:
    return period(CONTRACT, local_date(awarded_at), calendar)


def days_left(deadline: datetime.datetime, now: datetime.datetime) -> int | None:
    """Calendar days from today to the deadline's day (0: today); None once it has come."""
    if now >= deadline:
        return None
    return (local_date(deadline) - local_date(now)).days


def breached(
    due: Period, done_at: datetime.datetime | None, now: datetime.datetime
) -> bool:
    """A clock is breached when the act came after its period, or has not come and the
    period has ended."""
    if done_at is not None:
        return due.has_ended_at(done_at)
    return due.has_ended_at(now)


# -- PRJ-3: conflicts ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return "".join((text or "").split()).casefold()


def bidder_tie(
    new: Mapping[str, str], others: Iterable[Mapping[str, str]]
) -> tuple[str, str] | None:
    """PRJ-3 (实施条例第三十四条): the first other bidder on the lot with the same legal
    representative, or the same controlling party (or one controlling the other), as
    (bidder name, kind of tie); None if none. Mappings hold `name`, `legal_rep`,
    `controller`."""
    name, rep, ctrl = (
        _norm(new["name"]),
        _norm(new["legal_rep"]),
        _norm(new["controller"]),
    )
    for other in others:
        o_name, o_rep = _norm(other["name"]), _norm(other["legal_rep"])
        o_ctrl = _norm(other["controller"])
        if rep and rep == o_rep:
            return other["name"], "same_legal_rep"
        if ctrl and (ctrl == o_ctrl or ctrl == o_name) or (o_ctrl and o_ctrl == name):
            return other["name"], "control"
    return None


def conflicted_bidder(
    declared_employers: Iterable[str], bidders: Iterable[Mapping[str, str]]
) -> str | None:
    """PRJ-3 (政府采购法实施条例第九条): the first bidder tied to a declared relative of a
    person (the relative works for, heads or controls it), or None."""
    declared = {_norm(e) for e in declared_employers if _norm(e)}
    for bidder in bidders:
        keys = {
            _norm(bidder["name"]),
            _norm(bidder["legal_rep"]),
            _norm(bidder["controller"]),
        }
        if declared & (keys - {""}):
            return bidder["name"]
    return None


# -- PRJ-5: government-purchase clocks, in working days ----------------------------------------

CHALLENGE = PeriodRule(
    7,
    Unit.WORKING_DAYS,
    basis="政府采购法第五十二条（知道或者应知其权益受到损害之日起七个工作日内提出质疑）",
)
CHALLENGE_ANSWER = PeriodRule(
    7,
    Unit.WORKING_DAYS,
    basis="政府采购法第五十三条（收到质疑后七个工作日内作出答复）",
)
AWARD_PUBLISH = PeriodRule(
    2,
    Unit.WORKING_DAYS,
    basis="政府采购法实施条例第四十三条（自中标、成交供应商确定之日起2个工作日内公告）",
)
CONTRACT_PUBLISH = PeriodRule(
    2,
    Unit.WORKING_DAYS,
    basis="政府采购法实施条例第五十条（自合同签订之日起2个工作日内公告）",
)


def challenge_window(
    award_published_at: datetime.datetime, calendar: WorkCalendar
) -> Period:
    return period(CHALLENGE, local_date(award_published_at), calendar)


def working_day_due(
    rule: PeriodRule, event_at: datetime.datetime, calendar: WorkCalendar
) -> Period:
    return period(rule, local_date(event_at), calendar)


# -- PRJ-4: splitting ---------------------------------------------------------------------------


def split_refused(
    existing: Iterable[Decimal], amount: Decimal, threshold: Decimal
) -> bool:
    """PRJ-4 (招标投标法第四条；政府采购法实施条例第二十八条): a purchase below the
    threshold that brings its category's year total to the threshold is a split.

    `finance.rules.split_refusal` decides "above" the limit; the tender duty starts at the
    threshold itself ("以上"), so, amounts being whole fen, it is asked about one fen below."""
    from finance.rules import split_refusal

    return (
        split_refusal(list(existing), amount, threshold - Decimal("0.01")) is not None
    )


def category_total(amounts: Iterable[Decimal]) -> Decimal:
    from finance.rules import purpose_total

    return purpose_total(list(amounts))
