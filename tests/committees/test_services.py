"""The organisation's services: rule sets (SPEC "Thresholds"), memberships, the selectors."""

import datetime
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation

from committees import rules, selectors, services
from committees.errors import RuleSetBelowFloor, RuleSetIncomplete, WrongTownship
from committees.models import Body, Membership, RuleSet, RuleThreshold
from committees.rules import Base, Comparison, Threshold
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
