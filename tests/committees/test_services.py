"""The organisation's services: rule sets (SPEC "Thresholds"), memberships, the selectors."""

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation

from committees import access, rules, selectors, services
from committees.errors import RuleSetBelowFloor, RuleSetIncomplete, WrongTownship
from committees.models import Body, Membership, RuleSet, RuleThreshold
from committees.rules import Base, Comparison, Threshold
from core.errors import DomainError
from tests.committees.factories import make_township

pytestmark = pytest.mark.django_db


def test_new_township_has_four_bodies_and_the_default_rules(world):
    kinds = set(Body.objects.filter(township=world.own).values_list("kind", flat=True))
    assert kinds == {"committee", "enlarged", "secretary_office", "joint"}
    rule_set, thresholds = selectors.thresholds_on(world.own, datetime.date(2026, 1, 1))
    assert rule_set.version == 1
    assert thresholds == dict(rules.DEFAULT_RULES)


def test_a_new_township_counts_its_records_from_the_month_it_is_created(world):
    """DEC-7, LRN-2, LRN-3: months before a township keeps its records here are no gaps;
    a new township keeps them from the month it is created, unless told otherwise."""
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 7, 15, 9, tzinfo=datetime.UTC)):
        township = services.township_create(
            actor=None, county=world.own.county, name="新建镇", slug="xinjian"
        )
    assert township.records_from == datetime.date(2026, 7, 1)
    assert selectors.first_counted_day(township, datetime.date(2026, 1, 1)) == (
        datetime.date(2026, 7, 1)
    )
    assert selectors.first_counted_day(township, datetime.date(2026, 9, 1)) == (
        datetime.date(2026, 9, 1)
    )
    township.records_from = None  # a township recorded before the field existed
    assert selectors.first_counted_day(township, datetime.date(2026, 1, 1)) == (
        datetime.date(2026, 1, 1)
    )


def test_rule_set_below_the_national_floor_is_refused_and_nothing_written(world):
    """SPEC Thresholds: a rule set looser than the national floor is refused."""
    loose = dict(rules.DEFAULT_RULES)
    loose["personnel"] = Threshold(Fraction(1, 2), Base.PRESENT, Comparison.MORE_THAN)
    before = (RuleSet.objects.count(), RuleThreshold.objects.count())
    with pytest.raises(RuleSetBelowFloor) as error:
        services.rule_set_create(
            actor=world.a.secretary,
            township=world.own,
            effective_from=datetime.date(2026, 12, 1),
            thresholds=loose,
        )
    assert str(error.value) == (
        "该议事规则低于国家规定的底线：干部人事事项（委员 4 人时）。"
        "干部人事和重大事项须有三分之二以上委员到会，并经超过应到会委员半数同意。"
    )
    with translation.override("en"):
        assert str(error.value).startswith(
            "This rule set is looser than the national floor for: personnel item (with 4 "
            "members)."
        )
    assert (RuleSet.objects.count(), RuleThreshold.objects.count()) == before


def test_thresholds_rule_set_is_judged_as_a_whole_for_every_size(world, english):
    """SPEC Thresholds: ">3/4 of those present" under the >2/3 quorum always needs more
    than half of all members: accepted. A quorum of ">39/59 of all" holds the floor up to
    61 members and breaks at 62 (41 present, 2/3 of 62 is 41.33): refused, naming the
    size, nothing written."""
    stricter = dict(rules.DEFAULT_RULES)
    stricter["personnel"] = Threshold(Fraction(3, 4), Base.PRESENT)
    stricter["major"] = Threshold(Fraction(3, 4), Base.PRESENT, Comparison.AT_LEAST)
    rule_set = services.rule_set_create(
        actor=world.a.secretary,
        township=world.own,
        effective_from=datetime.date(2026, 12, 1),
        thresholds=stricter,
    )
    assert rule_set.thresholds()["personnel"] == stricter["personnel"]
    before = (RuleSet.objects.count(), RuleThreshold.objects.count())
    loose = dict(rules.DEFAULT_RULES)
    loose["quorum"] = Threshold(Fraction(39, 59))
    with pytest.raises(RuleSetBelowFloor) as error:
        services.rule_set_create(
            actor=world.a.secretary,
            township=world.own,
            effective_from=datetime.date(2027, 1, 1),
            thresholds=loose,
        )
    assert str(error.value) == (
        "This rule set is looser than the national floor for: quorum (with 62 members)."
        " Personnel and major items need at least two-thirds of members present and "
        "more than half of all members voting yes."
    )
    assert (RuleSet.objects.count(), RuleThreshold.objects.count()) == before


def test_rule_set_missing_a_kind_is_refused(world):
    partial = {k: v for k, v in rules.DEFAULT_RULES.items() if k != "major"}
    with pytest.raises(RuleSetIncomplete):
        services.rule_set_create(
            actor=None,
            township=world.own,
            effective_from=datetime.date(2026, 12, 1),
            thresholds=partial,
        )


def test_rule_set_versions_by_effective_date(world):
    """Every decision keeps the rule-set version in force on its day."""
    stricter = dict(rules.DEFAULT_RULES)
    stricter["ordinary"] = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    v2 = services.rule_set_create(
        actor=world.a.secretary,
        township=world.own,
        effective_from=datetime.date(2026, 12, 1),
        thresholds=stricter,
    )
    assert v2.version == 2
    assert selectors.rule_set_on(world.own, datetime.date(2026, 11, 30)).version == 1
    assert selectors.rule_set_on(world.own, datetime.date(2026, 12, 1)).version == 2
    _, thresholds = selectors.thresholds_on(world.own, datetime.date(2026, 12, 1))
    assert thresholds["ordinary"].needed(15, 15) == 10  # at least 2/3 of 15
    assert thresholds["ordinary"].needed(9, 9) == 6


def test_members_on_a_date_counts_only_those_in_office():
    """DEC-3: "members" = voting members in office on the meeting day."""
    township = make_township(
        name="测试镇", slug="ceshi", members=9, start=datetime.date(2025, 1, 1)
    )
    committee = selectors.body_of(township, Body.Kind.COMMITTEE)
    leaving = Membership.objects.filter(body=committee).order_by("id").last()
    services.membership_end(
        actor=None,
        membership=leaving,
        end=datetime.date(2026, 6, 30),
        reason="transferred",
    )
    assert selectors.members_on(committee, datetime.date(2026, 6, 30)).count() == 9
    assert selectors.members_on(committee, datetime.date(2026, 7, 1)).count() == 8
    assert selectors.members_on(committee, datetime.date(2024, 12, 31)).count() == 0


def test_membership_across_townships_is_refused(world):
    person = services.person_create(actor=None, township=world.other, name="外镇人")
    committee = selectors.body_of(world.own, Body.Kind.COMMITTEE)
    with pytest.raises(WrongTownship):
        services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role=Membership.Role.MEMBER,
            start=datetime.date(2026, 1, 1),
        )


def test_rules_page_refuses_a_loose_rule_set_in_chinese(world, login):
    client = login(world.a.secretary)
    data = {"effective_from": "2026-12-01", "note": "宽松"}
    for kind, t in rules.DEFAULT_RULES.items():
        data |= {
            f"{kind}_numerator": t.fraction.numerator,
            f"{kind}_denominator": t.fraction.denominator,
            f"{kind}_base": str(t.base),
            f"{kind}_comparison": str(t.comparison),
        }
    data["quorum_numerator"], data["quorum_denominator"] = 1, 2
    response = client.post(reverse("committees:rules", args=[world.own.slug]), data)
    assert response.status_code == 200
    assert "低于国家规定的底线" in response.content.decode()
    assert RuleSet.objects.filter(township=world.own).count() == 1
    # A member may read the rules but not post a new version.
    response = login(world.a.member).post(
        reverse("committees:rules", args=[world.own.slug]), data
    )
    assert response.status_code == 404


def test_demo_data_is_idempotent(db):
    from committees import demo
    from committees.models import Person, Township

    demo.build()
    counts = (
        Township.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    )
    demo.build()
    assert (
        Township.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
    ) == counts
    sizes = [
        selectors.committee_members_on(t, datetime.date.today()).count()
        for t in Township.objects.all()
    ]
    assert all(9 <= size <= 15 for size in sizes)


# -- bad input is a domain error, and nothing is written (SEC-3) -----------------------------


@pytest.fixture
def town(db):
    return make_township(name="边界镇", slug="bianjie", members=2)


def _parts(threshold):
    return threshold.as_dict()


def _counts():
    return (
        RuleSet.objects.count(),
        RuleThreshold.objects.count(),
        RuleSet.history.count(),
        RuleThreshold.history.count(),
    )


_BAD_THRESHOLDS = [
    (
        {"numerator": 0, "denominator": 3, "base": "members", "comparison": "at_least"},
        "quorum: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ 100; "
        "0/3 is not.",
    ),
    (
        {"numerator": 2, "denominator": 0, "base": "members", "comparison": "at_least"},
        "quorum: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ 100; "
        "2/0 is not.",
    ),
    (
        {
            "numerator": -2,
            "denominator": -3,
            "base": "members",
            "comparison": "at_least",
        },
        "quorum: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ 100; "
        "-2/-3 is not.",
    ),
    (
        {"numerator": 4, "denominator": 3, "base": "members", "comparison": "at_least"},
        "quorum: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ 100; "
        "4/3 is not.",
    ),
    (
        {
            "numerator": "2",
            "denominator": 3,
            "base": "members",
            "comparison": "at_least",
        },
        "quorum: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ 100; "
        "2/3 is not.",
    ),
    (
        {
            "numerator": 200,
            "denominator": 301,
            "base": "members",
            "comparison": "at_least",
        },
        "quorum: a threshold is a fraction p/q of whole numbers with 1 ≤ p ≤ q ≤ 100; "
        "200/301 is not.",
    ),
    (
        {
            "numerator": 2,
            "denominator": 3,
            "base": "everyone",
            "comparison": "at_least",
        },
        "quorum: the base is all members or members present, not “everyone”.",
    ),
    (
        {"numerator": 2, "denominator": 3, "base": "members", "comparison": "about"},
        "quorum: the comparison is “more than” or “at least”, not “about”.",
    ),
    (
        {"numerator": 2, "denominator": 3, "base": "members"},
        "quorum: a threshold needs a numerator, a denominator, a base and a comparison.",
    ),
    (
        Fraction(2, 3),
        "quorum: a threshold needs a numerator, a denominator, a base and a comparison.",
    ),
    (
        {
            "numerator": 3,
            "denominator": 3,
            "base": "members",
            "comparison": "more_than",
        },
        "quorum: “more than all” can never be met; unanimity is “at least” 1/1.",
    ),
]


@pytest.mark.parametrize(("value", "message"), _BAD_THRESHOLDS)
def test_thresholds_bad_fraction_base_or_comparison_is_a_domain_error(
    town, english, value, message
):
    """SPEC Thresholds, SEC-3: a zero, negative, inverted or oversized fraction, an
    unknown base or comparison, a malformed or never-met threshold: a domain error with
    a clear message (never ValueError or ZeroDivisionError), nothing written."""
    thresholds = {kind: _parts(t) for kind, t in rules.DEFAULT_RULES.items()}
    thresholds["quorum"] = value
    before = _counts()
    with pytest.raises(DomainError) as error:
        services.rule_set_create(
            actor=None,
            township=town,
            effective_from=datetime.date(2026, 12, 1),
            thresholds=thresholds,
        )
    assert str(error.value) == message
    assert error.value.rule == "Thresholds"
    assert _counts() == before


def test_thresholds_parts_and_thresholds_are_both_accepted(town):
    """The form hands the service the parts; other callers a Threshold. The same rules."""
    thresholds = {kind: _parts(t) for kind, t in rules.DEFAULT_RULES.items()}
    thresholds["ordinary"] = {
        "numerator": 4,
        "denominator": 6,  # stored reduced: 2/3
        "base": "members",
        "comparison": "at_least",
    }
    thresholds["personnel"] = Threshold(Fraction(3, 4), Base.PRESENT)
    rule_set = services.rule_set_create(
        actor=None,
        township=town,
        effective_from=datetime.date(2026, 12, 1),
        thresholds=thresholds,
    )
    stored = rule_set.thresholds()
    assert stored["ordinary"] == Threshold(
        Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST
    )
    assert stored["personnel"] == Threshold(Fraction(3, 4), Base.PRESENT)


def test_thresholds_missing_unknown_kind_or_early_date_is_a_domain_error(town, english):
    """SPEC Thresholds: every kind, no other kind, and no date before the default rules."""
    before = _counts()
    cases = [
        (
            {k: v for k, v in rules.DEFAULT_RULES.items() if k != "major"},
            datetime.date(2026, 12, 1),
            "A rule set needs a threshold for each of: major item.",
        ),
        (
            {**rules.DEFAULT_RULES, "emergency": rules.DEFAULT_RULES["ordinary"]},
            datetime.date(2026, 12, 1),
            "A rule set has no kind of decision called: emergency.",
        ),
        (
            dict(rules.DEFAULT_RULES),
            datetime.date(1999, 12, 31),
            "A rule set cannot take effect before 2000-01-01, when the default rules "
            "begin.",
        ),
        (
            dict(rules.DEFAULT_RULES),
            "2026-12-01",
            "A rule set takes effect on a date, not “2026-12-01”.",
        ),
    ]
    for thresholds, effective_from, message in cases:
        with pytest.raises(DomainError) as error:
            services.rule_set_create(
                actor=None,
                township=town,
                effective_from=effective_from,
                thresholds=thresholds,
            )
        assert str(error.value) == message
        assert error.value.rule == "Thresholds"
    assert _counts() == before


def test_sec3_township_settings_refuse_unknown_and_absurd_values(town, english):
    """SEC-3: a setting that does not exist, or a value outside its range or of the
    wrong type: a domain error naming the setting, the township unchanged."""
    before = town.history.count()
    cases = [
        ({"quorum": 3}, "“quorum” is not a township setting."),
        (
            {"notice_period_hours": 0},
            "Not saved: meeting notice period (hours): Ensure this value is greater than or equal "
            "to 1.",
        ),
        (
            {"public_notice_days": 3},
            "Not saved: public notice days: Ensure this value is greater than or equal to 5.",
        ),
        (
            {"study_report_due_day": 31},
            "Not saved: study report due day of the next month: Ensure this value is less than or "
            "equal to 28.",
        ),
        (
            {"expenditure_threshold": "lots"},
            "Not saved: large expenditure threshold (yuan): “lots” value must be a decimal number.",
        ),
        # One bad value among good ones: none of them saved.
        (
            {"notice_period_hours": 24, "public_notice_days": 100},
            "Not saved: public notice days: Ensure this value is less than or equal to 60.",
        ),
    ]
    for values, message in cases:
        with pytest.raises(DomainError) as error:
            services.township_settings_update(
                actor=None, township=town, reason="试", **values
            )
        assert str(error.value) == message
    town.refresh_from_db()
    assert (town.notice_period_hours, town.public_notice_days) == (24, 7)
    assert town.history.count() == before


def test_dec3_membership_dates_and_seats_are_checked(town, english):
    """DEC-3 counts the members in office on the day, each once: a membership that ends
    before it starts, or a second seat of one person in one body overlapping the first,
    is refused (it would be counted twice in 应到); nothing written. A later term after
    the first has ended is fine."""
    committee = selectors.body_of(town, Body.Kind.COMMITTEE)
    person = services.person_create(actor=None, township=town, name="新委员")
    before = Membership.history.count()
    with pytest.raises(DomainError) as error:
        services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role=Membership.Role.MEMBER,
            start=datetime.date(2026, 6, 1),
            end=datetime.date(2026, 5, 31),
        )
    assert str(error.value) == (
        "A membership cannot end (2026-05-31) before it starts (2026-06-01)."
    )
    assert error.value.rule == "DEC-3"
    first = services.membership_add(
        actor=None,
        body=committee,
        person=person,
        role=Membership.Role.MEMBER,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    with pytest.raises(DomainError) as error:
        services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role=Membership.Role.DEPUTY_SECRETARY,
            start=datetime.date(2026, 12, 31),
        )
    assert str(error.value) == (
        "新委员 already holds a seat in this body from 2026-01-01: one person is "
        "counted once."
    )
    with pytest.raises(DomainError) as error:
        services.membership_add(
            actor=None,
            body=committee,
            person=person,
            role="chair",
            start=datetime.date(2027, 1, 1),
        )
    assert str(error.value) == "Not saved: role: Value 'chair' is not a valid choice."
    with pytest.raises(DomainError) as error:
        services.membership_end(
            actor=None, membership=first, end=datetime.date(2025, 12, 31), reason="错"
        )
    assert str(error.value) == (
        "A membership cannot end (2025-12-31) before it starts (2026-01-01)."
    )
    assert Membership.history.count() == before + 1
    first.refresh_from_db()
    assert first.end == datetime.date(2026, 12, 31)
    later = services.membership_add(
        actor=None,
        body=committee,
        person=person,
        role=Membership.Role.MEMBER,
        start=datetime.date(2027, 1, 1),
    )
    # Lengthening the first term into the second would seat the person twice.
    with pytest.raises(DomainError):
        services.membership_end(
            actor=None, membership=first, end=datetime.date(2027, 3, 1), reason="错"
        )
    assert (
        selectors.members_on(committee, datetime.date(2027, 3, 1))
        .filter(person=person)
        .get()
        == later
    )


def test_sec3_person_create_refuses_bad_input(town, english):
    """SEC-3: an unknown kind, a blank name, an account already linked: domain errors."""
    from django.contrib.auth import get_user_model

    from committees.models import Person

    account = get_user_model().objects.create_user("linked")
    services.person_create(actor=None, township=town, name="甲", user=account)
    before = Person.history.count()
    cases = [
        (
            {"name": "乙", "kind": "alien"},
            "Not saved: kind: Value 'alien' is not a valid choice.",
        ),
        ({"name": "  "}, "Not saved: name: This field cannot be blank."),
        (
            {"name": "丙", "user": account},
            "Not saved: account: Person with this Account already exists.",
        ),
    ]
    for values, message in cases:
        with pytest.raises(DomainError) as error:
            services.person_create(actor=None, township=town, **values)
        assert str(error.value) == message
    assert Person.history.count() == before


def test_sec6_system_accounts_hold_no_township_role(world, english):
    """SEC-6: the system admin, security admin and auditor hold no township role and are
    no county reviewer; an unknown role and an account of another township's person are
    refused; nothing granted."""
    for account in (world.system_admin, world.security_admin, world.auditor):
        with pytest.raises(DomainError) as error:
            services.role_grant(
                actor=None, user=account, township=world.own, role="clerk"
            )
        assert str(error.value) == (
            f"{account.username} is a system account (system admin, security admin "
            "or auditor) and holds no township role."
        )
        assert error.value.rule == "SEC-6"
        with pytest.raises(DomainError):
            services.county_reviewer_grant(
                actor=None, user=account, county=world.county
            )
        assert not access.township_roles(account)
    with pytest.raises(DomainError) as error:
        services.role_grant(
            actor=None, user=world.nobody, township=world.own, role="boss"
        )
    assert str(error.value) == "“boss” is not a township role."
    with pytest.raises(DomainError) as error:
        services.role_grant(
            actor=None, user=world.b.cadre, township=world.own, role="clerk"
        )
    assert str(error.value) == "These records belong to different townships."
    assert not access.has_role(world.b.cadre, world.own)
    assert not access.has_role(world.nobody, world.own)
