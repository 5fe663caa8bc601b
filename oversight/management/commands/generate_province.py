"""Issue 17: a province's data, generated, reproducible from a seed.

    manage.py generate_province --townships 1000 --counties 30 --seed 1

builds counties and townships with their four bodies and the seed's default rule set; about
100 cadres per township (the first nine on the committee); a year of monthly committee
meetings up to today (notice, participants and receipts, arrivals, three items each with
every present member's ballot and the decision with its tally); a central-group study day a
month with its attendance; each cadre's monthly study report; published column notices; an
approved budget with its lines and ledger entries. Then ANALYZE, and the county
dashboard's kept figures are computed (`oversight.kept`).

Records are consistent with the rules (notices 72 hours ahead, a quorum present, items
passed by more than half of all members, reports due on the township's day and flagged
late when they came after it, amounts under the large-expenditure threshold, budgets
approved by the enlarged meeting's date). Written with COPY for speed, so no
signal fires and what the services add on top is skipped, said here: no history rows
(django-simple-history writes them in save()), no seals (AUD-2: run
`manage.py integrity_check --seal-existing` if wanted), no minutes, no notifications, no
outbox tasks, no column versions beyond the first.

Users: `province-reviewer` reviews every generated county and `county-reviewer-<n>` the
n-th; password `Demo-2026-pass`.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

PASSWORD = "Demo-2026-pass"  # noqa: S105 - the demo accounts' published password
COMMITTEE = 9
ITEMS = 3
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰文斌"
TOPICS = ["理论学习", "党章党规", "基层治理", "乡村振兴", "作风建设", "安全生产"]
ITEM_TITLES = [
    "道路维修计划",
    "村级活动场所建设",
    "防汛物资采购",
    "农田水利改造",
    "年度工作安排",
]


class Command(BaseCommand):
    help = "Generate a province: townships, cadres, a year of records (issue 17)."

    def add_arguments(self, parser):
        parser.add_argument("--townships", type=int, default=1000)
        parser.add_argument("--counties", type=int, default=30)
        parser.add_argument("--cadres", type=int, default=100)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--chunk", type=int, default=50, help="townships per batch")
        parser.add_argument(
            "--no-figures",
            action="store_true",
            help="skip computing the dashboard's kept figures",
        )

    def handle(self, *args, **options):
        n, counties = options["townships"], options["counties"]
        if n < 1 or counties < 1 or counties > n:
            raise CommandError("need 1 <= counties <= townships")
        if options["cadres"] < COMMITTEE:
            raise CommandError(f"need at least {COMMITTEE} cadres per township")
        started = time.perf_counter()
        generator = Generator(
            seed=options["seed"],
            cadres=options["cadres"],
            year=options["year"] or timezone.localdate().year,
        )
        county_objs = generator.counties(counties)
        per_county = [
            n // counties + (1 if i < n % counties else 0) for i in range(counties)
        ]
        plan = [
            c for c, k in zip(county_objs, per_county, strict=True) for _ in range(k)
        ]
        chunk = options["chunk"]
        for index in range(0, n, chunk):
            with transaction.atomic():
                generator.townships(plan[index : index + chunk], index)
            self.stdout.write(
                f"  {min(index + chunk, n)}/{n} townships, "
                f"{sum(generator.counts.values()):,} rows, "
                f"{time.perf_counter() - started:.0f} s"
            )
        generator.reviewers(county_objs)
        built = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        analysed = time.perf_counter() - started
        figures_rows = 0
        if not options["no_figures"]:
            from committees.models import Township
            from oversight import kept

            for county in county_objs:
                figures_rows += kept.recompute(
                    Township.objects.filter(county=county), generator.year
                )
            kept.vacuum()
        done = time.perf_counter() - started
        width = max(len(k) for k in generator.counts)
        for label, count in sorted(generator.counts.items()):
            self.stdout.write(f"{label:<{width}}  {count:>10,}")
        total = sum(generator.counts.values())
        self.stdout.write(
            f"{'total':<{width}}  {total:>10,}\n"
            f"seed {options['seed']}: {n} townships in {counties} counties; "
            f"rows written in {built:.1f} s ({total / built:,.0f} rows/s), "
            f"ANALYZE {analysed - built:.1f} s, kept figures {figures_rows:,} rows in "
            f"{done - analysed:.1f} s; total {done:.1f} s"
        )


def _copy_value(value):
    """COPY's text form of a prepared value (JSON as text)."""
    adapted = getattr(value, "obj", None)
    if adapted is not None and type(value).__name__ in ("Jsonb", "Json"):
        return json.dumps(adapted, ensure_ascii=False)
    return value


class Generator:
    def __init__(self, seed: int, cadres: int, year: int):
        self.random = random.Random(seed)
        self.seed = seed
        self.cadres = cadres
        self.year = year
        self.counts: Counter = Counter()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self._tallies: dict = {}

    def _bulk(self, model, rows):
        """Write `rows` with COPY (ids drawn from the table's sequence first, so that the
        rows that follow can point at them); the fields' own pre_save and database
        preparation give the values, as bulk_create would."""
        if not rows:
            return rows
        meta = model._meta
        table = meta.db_table
        fields = meta.concrete_fields
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                "FROM generate_series(1, %s)",
                [table, len(rows)],
            )
            for obj, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            # COPY into a temporary twin, then one INSERT … SELECT: COPY itself is refused
            # on tables with row-level security, the INSERT goes through their policies.
            cursor.execute(
                f'CREATE TEMP TABLE IF NOT EXISTS "gen_{table}" (LIKE "{table}")'
            )
            with cursor.cursor.copy(
                f'COPY "gen_{table}" ({columns}) FROM STDIN'
            ) as copy:
                for obj in rows:
                    copy.write_row(
                        [
                            _copy_value(
                                f.get_db_prep_save(f.pre_save(obj, True), connection)
                            )
                            for f in fields
                        ]
                    )
            cursor.execute(
                f'INSERT INTO "{table}" ({columns}) SELECT {columns} FROM "gen_{table}"'
            )
            cursor.execute(f'TRUNCATE "gen_{table}"')
        self.counts[table] += len(rows)
        return rows

    def _aware(self, day: datetime.date, hour: int, minute: int = 0):
        return timezone.make_aware(
            datetime.datetime(day.year, day.month, day.day, hour, minute)
        )

    def _name(self) -> str:
        r = self.random
        return r.choice(SURNAMES) + "".join(
            r.choice(GIVEN) for _ in range(r.randint(1, 2))
        )

    def counties(self, count: int):
        from committees.models import County

        return self._bulk(
            County,
            [
                County(
                    name=f"生成{self.seed}-{i + 1}县",
                    name_en=f"Gen {self.seed}-{i + 1}",
                )
                for i in range(count)
            ],
        )

    def reviewers(self, counties) -> None:
        from committees import services as org

        users = get_user_model()
        province, _ = users.objects.get_or_create(username="province-reviewer")
        province.set_password(PASSWORD)
        province.save()
        for index, county in enumerate(counties, 1):
            user, _ = users.objects.get_or_create(username=f"county-reviewer-{index}")
            user.set_password(PASSWORD)
            user.save()
            org.county_reviewer_grant(actor=None, user=user, county=county)
            org.county_reviewer_grant(actor=None, user=province, county=county)

    # -- one batch of townships ---------------------------------------------------------

    def townships(self, counties, offset: int) -> None:
        from committees import rules
        from committees.models import (
            Body,
            Membership,
            Person,
            RuleSet,
            RuleThreshold,
            Township,
        )

        r = self.random
        townships = self._bulk(
            Township,
            [
                Township(
                    county=county,
                    name=f"{county.name[:-1]}{offset + k + 1}镇",
                    name_en=f"Township {offset + k + 1}",
                    slug=f"gen{self.seed}-{offset + k + 1}",
                    is_pilot=(offset + k) % 10 == 0,
                    records_from=datetime.date(self.year, 1, 1),
                )
                for k, county in enumerate(counties)
            ],
        )
        bodies = self._bulk(
            Body, [Body(township=t, kind=kind) for t in townships for kind in Body.Kind]
        )
        committee = {b.township_id: b for b in bodies if b.kind == Body.Kind.COMMITTEE}
        rule_sets = self._bulk(
            RuleSet,
            [
                RuleSet(
                    township=t,
                    version=1,
                    effective_from=datetime.date(2000, 1, 1),
                    note="default rules from the seed",
                )
                for t in townships
            ],
        )
        self._bulk(
            RuleThreshold,
            [
                RuleThreshold(
                    township_id=rs.township_id,
                    rule_set=rs,
                    kind=kind,
                    numerator=rules.DEFAULT_RULES[kind].fraction.numerator,
                    denominator=rules.DEFAULT_RULES[kind].fraction.denominator,
                    base=str(rules.DEFAULT_RULES[kind].base),
                    comparison=str(rules.DEFAULT_RULES[kind].comparison),
                )
                for rs in rule_sets
                for kind in rules.KINDS
            ],
        )
        rule_set = {rs.township_id: rs for rs in rule_sets}
        people = self._bulk(
            Person,
            [
                Person(
                    township=t,
                    name=self._name(),
                    kind=Person.Kind.CADRE,
                    post="站所负责人" if k >= COMMITTEE else "党委委员",
                    active=r.random() > 0.02,
                )
                for t in townships
                for k in range(self.cadres)
            ],
        )
        by_township: dict[int, list] = {}
        for person in people:
            by_township.setdefault(person.township_id, []).append(person)
        members = {tid: found[:COMMITTEE] for tid, found in by_township.items()}
        roles = [Membership.Role.SECRETARY, Membership.Role.DEPUTY_SECRETARY] + [
            Membership.Role.MEMBER
        ] * (COMMITTEE - 2)
        self._bulk(
            Membership,
            [
                Membership(
                    township_id=tid,
                    body=committee[tid],
                    person=person,
                    role=roles[k],
                    start=datetime.date(self.year - 2, 1, 1),
                )
                for tid, found in members.items()
                for k, person in enumerate(found)
            ],
        )
        self._meetings(townships, committee, members, rule_set)
        self._learning(townships, by_township)
        self._column(townships)
        self._finance(townships)

    def _months(self) -> list[int]:
        """The months of the year that have begun (the current year: up to this one)."""
        if self.year < self.today.year:
            return list(range(1, 13))
        return list(range(1, self.today.month + 1))

    def _tally(self, yes: int, no: int, abstain: int, present: int):
        from committees import rules
        from committees.services import describe_arithmetic

        key = (yes, no, abstain, present)
        if key not in self._tallies:
            threshold = rules.DEFAULT_RULES["ordinary"]
            passed = threshold.met(yes, COMMITTEE, present)
            arithmetic = describe_arithmetic(threshold, yes, COMMITTEE, present)
            self._tallies[key] = (
                {
                    "rows": [
                        {
                            "nominee": "",
                            "nominee_id": None,
                            "counts": {"yes": yes, "no": no, "abstain": abstain},
                            "shown": f"同意 {yes} 不同意 {no} 弃权 {abstain}",
                            "yes": yes,
                            "passed": passed,
                            "arithmetic": arithmetic,
                        }
                    ],
                    "ballots": yes + no + abstain,
                },
                passed,
                rules.describe_zh(threshold),
                arithmetic,
            )
        return self._tallies[key]

    def _meetings(self, townships, committee, members, rule_set) -> None:
        from meetings.models import (
            AgendaItem,
            Attendance,
            Ballot,
            Decision,
            Meeting,
            Notice,
            NoticeReceipt,
            Participant,
        )

        r = self.random
        meetings, plans = [], []
        for t in townships:
            for month in self._months():
                day = datetime.date(self.year, month, r.randint(5, 25))
                start = self._aware(day, 9)
                if start > self.now - datetime.timedelta(days=1) or r.random() < 0.04:
                    continue  # not yet, or a missed month (DEC-7)
                present = members[t.pk][: COMMITTEE - r.choice((0, 0, 0, 1, 2))]
                meetings.append(
                    Meeting(
                        township=t,
                        body=committee[t.pk],
                        title=f"{month}月党委会议",
                        start=start,
                        place="镇党委会议室",
                        convener=members[t.pk][0],
                        status=Meeting.Status.CLOSED,
                        agenda_fixed_at=start - datetime.timedelta(days=4),
                        opened_at=start,
                        closed_at=start + datetime.timedelta(hours=2),
                        members_count=COMMITTEE,
                        present_at_opening=len(present),
                        quorum_arithmetic=f"出席 {len(present)} 人 / 应到 {COMMITTEE} 人",
                    )
                )
                plans.append(present)
        self._bulk(Meeting, meetings)
        participants, notices, arrivals, items = [], [], [], []
        for meeting, present in zip(meetings, plans, strict=True):
            tid = meeting.township_id
            for person in members[tid]:
                participants.append(
                    Participant(township_id=tid, meeting=meeting, person=person)
                )
            notices.append(
                Notice(
                    township_id=tid,
                    meeting=meeting,
                    version=1,
                    sent_at=meeting.start - datetime.timedelta(hours=72),
                    meeting_start=meeting.start,
                    hours_ahead=72,
                )
            )
            for k, person in enumerate(present):
                arrivals.append(
                    Attendance(
                        township_id=tid,
                        meeting=meeting,
                        person=person,
                        kind=Attendance.Kind.ARRIVE,
                        at=meeting.start - datetime.timedelta(minutes=10 - k),
                    )
                )
            for order in range(1, ITEMS + 1):
                items.append(
                    AgendaItem(
                        township_id=tid,
                        meeting=meeting,
                        order=order,
                        title=r.choice(ITEM_TITLES),
                        kind=AgendaItem.Kind.ORDINARY,
                        status=AgendaItem.Status.CLOSED,
                    )
                )
        self._bulk(Participant, participants)
        self._bulk(Notice, notices)
        self._bulk(Attendance, arrivals)
        self._bulk(AgendaItem, items)
        by_meeting: dict[int, list] = {}
        for p in participants:
            by_meeting.setdefault(p.meeting_id, []).append(p)
        receipts = []
        for notice in notices:
            for p in by_meeting[notice.meeting_id]:
                receipts.append(
                    NoticeReceipt(
                        township_id=notice.township_id,
                        notice=notice,
                        participant=p,
                        emailed_at=notice.sent_at,
                        opened_at=notice.sent_at + datetime.timedelta(hours=2),
                    )
                )
        self._bulk(NoticeReceipt, receipts)
        present_of = {m.pk: present for m, present in zip(meetings, plans, strict=True)}
        meeting_of = {m.pk: m for m in meetings}
        ballots, decisions = [], []
        for item in items:
            meeting = meeting_of[item.meeting_id]
            present = present_of[item.meeting_id]
            choices = [
                Ballot.Choice.YES
                if r.random() < 0.9
                else r.choice((Ballot.Choice.NO, Ballot.Choice.ABSTAIN))
                for _ in present
            ]
            cast = meeting.start + datetime.timedelta(minutes=20 * item.order)
            for person, choice in zip(present, choices, strict=True):
                ballots.append(
                    Ballot(
                        township_id=item.township_id,
                        item=item,
                        voter=person,
                        choice=choice,
                        cast_at=cast,
                    )
                )
            yes = choices.count(Ballot.Choice.YES)
            no = choices.count(Ballot.Choice.NO)
            tally, passed, rule_text, arithmetic = self._tally(
                yes, no, len(present) - yes - no, len(present)
            )
            rs = rule_set[item.township_id]
            decisions.append(
                Decision(
                    township_id=item.township_id,
                    meeting=meeting,
                    body_id=meeting.body_id,
                    item=item,
                    title=item.title,
                    kind=item.kind,
                    outcome=Decision.Outcome.PASSED
                    if passed
                    else Decision.Outcome.REJECTED,
                    tally=tally,
                    members_count=COMMITTEE,
                    present_count=len(present),
                    rule_set=rs,
                    rule_set_version=rs.version,
                    rule_text=rule_text,
                    arithmetic=arithmetic,
                    decided_at=cast + datetime.timedelta(minutes=5),
                )
            )
        self._bulk(Ballot, ballots)
        self._bulk(Decision, decisions)

    def _learning(self, townships, people) -> None:
        from cadres.learning import deadlines
        from cadres.models import StudyAttendance, StudyDay, StudyReport

        r = self.random
        days = []
        for t in townships:
            for month in self._months():
                day = datetime.date(self.year, month, r.randint(3, 20))
                if day >= self.today or r.random() < 0.03:
                    continue  # not yet, or a month without (LRN-2)
                for kind in (StudyDay.Kind.CENTRAL_GROUP, StudyDay.Kind.COLLECTIVE):
                    days.append(
                        StudyDay(
                            township=t, kind=kind, date=day, topic=r.choice(TOPICS)
                        )
                    )
        self._bulk(StudyDay, days)
        self._bulk(
            StudyAttendance,
            [
                StudyAttendance(township_id=d.township_id, study_day=d, person=p)
                for d in days
                for p in people[d.township_id][:COMMITTEE]
                if r.random() < 0.95
            ],
        )
        reports = []
        for t in townships:
            for month in self._months():
                due = deadlines.deadline(self.year, month, t.study_report_due_day)
                month_end = due - datetime.timedelta(days=2)
                for person in people[t.pk]:
                    if not person.active or r.random() < 0.05:
                        continue  # missing (LRN-3)
                    at = month_end - datetime.timedelta(hours=r.randint(1, 400))
                    if r.random() < 0.04:
                        at = due + datetime.timedelta(hours=r.randint(1, 100))
                    if at > self.now:
                        continue
                    reports.append(
                        StudyReport(
                            township=t,
                            person=person,
                            year=self.year,
                            month=month,
                            text="本月学习心得：结合工作实际，学以致用。",
                            status=StudyReport.Status.SUBMITTED,
                            submitted_at=at,
                            late=deadlines.is_late(
                                at, self.year, month, t.study_report_due_day
                            ),
                        )
                    )
        self._bulk(StudyReport, reports)

    def _column(self, townships) -> None:
        from disclosure.models import Category, Item, ItemVersion

        r = self.random
        categories = list(Category)
        items = []
        for t in townships:
            for k in range(8):
                at = self._aware(
                    datetime.date(
                        self.year, r.choice(self._months()), r.randint(1, 28)
                    ),
                    10,
                )
                if at > self.now:
                    at = self.now - datetime.timedelta(days=1)
                items.append(
                    Item(
                        township=t,
                        category=categories[k % len(categories)],
                        title=f"{t.name}公开事项{k + 1}",
                        body="依照规定予以公开。",
                        state=Item.State.PUBLISHED,
                        window_from=at.date(),
                        published_at=at,
                        created_at=at,
                        updated_at=at,
                    )
                )
        self._bulk(Item, items)
        self._bulk(
            ItemVersion,
            [
                ItemVersion(
                    township_id=i.township_id,
                    item=i,
                    number=1,
                    category=i.category,
                    title=i.title,
                    body=i.body,
                    window_from=i.window_from,
                    published_at=i.published_at,
                )
                for i in items
            ],
        )

    def _finance(self, townships) -> None:
        from finance.budget.models import Budget, BudgetLine
        from finance.ledger.models import LedgerEntry
        from finance.ledger.services import purpose_key

        r = self.random
        approved = datetime.date(self.year, 1, 20)
        budgets = self._bulk(
            Budget,
            [
                Budget(
                    township=t,
                    year=self.year,
                    status=Budget.Status.APPROVED,
                    explanation="年度预算",
                    congress_approved_on=approved,
                    filed_on=approved + datetime.timedelta(days=10),
                    published_on=approved + datetime.timedelta(days=15),
                )
                for t in townships
            ],
        )
        lines = []
        for budget in budgets:
            lines.append(
                BudgetLine(
                    township_id=budget.township_id,
                    budget=budget,
                    kind=BudgetLine.Kind.GENERAL,
                    direction=BudgetLine.Direction.REVENUE,
                    code="R01",
                    name="上级转移支付",
                    approved_amount=Decimal("5000000.00"),
                )
            )
            for k in range(1, 11):
                lines.append(
                    BudgetLine(
                        township_id=budget.township_id,
                        budget=budget,
                        kind=BudgetLine.Kind.GENERAL,
                        direction=BudgetLine.Direction.SPENDING,
                        code=f"S{k:02d}",
                        name=f"支出科目{k}",
                        approved_amount=Decimal("400000.00"),
                    )
                )
        self._bulk(BudgetLine, lines)
        threshold = {t.pk: t.expenditure_threshold for t in townships}
        entries = []
        for line in lines:
            spending = line.direction == BudgetLine.Direction.SPENDING
            for _ in range(5 if spending else 2):
                day = datetime.date(
                    self.year, r.choice(self._months()), r.randint(1, 28)
                )
                if day >= self.today:
                    continue
                cap = min(int(threshold[line.township_id]) - 1, 20000)
                purpose = f"{line.name}日常支出" if spending else "转移支付到账"
                entries.append(
                    LedgerEntry(
                        township_id=line.township_id,
                        budget_id=line.budget_id,
                        line=line,
                        kind=LedgerEntry.Kind.SPENT
                        if spending
                        else LedgerEntry.Kind.PAID_IN,
                        amount=Decimal(r.randint(100, max(cap, 101)))
                        if spending
                        else Decimal("400000.00"),
                        date=day,
                        counterparty="某供应商" if spending else "县财政局",
                        purpose=purpose,
                        purpose_key=purpose_key(purpose),
                        voucher=f"V{r.randint(1, 99999):05d}",
                    )
                )
        self._bulk(LedgerEntry, entries)
