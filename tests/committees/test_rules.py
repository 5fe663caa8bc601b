"""The decision thresholds (SPEC "Thresholds"; DEC-3, DEC-4, DEC-5): pure arithmetic."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from committees import rules
from committees.rules import DEFAULT_RULES, Base, Comparison, Threshold


@pytest.mark.parametrize(
    ("members", "quorum", "personnel", "ordinary"),
    [(7, 5, 5, 4), (9, 7, 7, 5), (11, 8, 8, 6), (15, 11, 11, 8)],
)
def test_spec_thresholds_table_default_rule_set(members, quorum, personnel, ordinary):
    """SPEC "Default rule set" table; DEC-3 quorum, DEC-4 personnel, DEC-5 ordinary."""
    assert DEFAULT_RULES["quorum"].needed(members, members) == quorum
    assert DEFAULT_RULES["personnel"].needed(members, members) == personnel
    assert DEFAULT_RULES["major"].needed(members, members) == personnel
    assert DEFAULT_RULES["ordinary"].needed(members, members) == ordinary
    assert DEFAULT_RULES["reconsideration"].needed(members, members) == ordinary


@pytest.mark.parametrize("members", [3, 6, 9, 12, 15])
def test_more_than_and_at_least_part_at_multiples_of_three(members):
    more_than = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.MORE_THAN)
    at_least = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    exact = members * 2 // 3
    assert at_least.needed(members, members) == exact
    assert more_than.needed(members, members) == exact + 1
    assert at_least.met(exact, members, members)
    assert not more_than.met(exact, members, members)


@pytest.mark.parametrize("members", [7, 8, 10, 11, 13, 14])
def test_more_than_and_at_least_agree_off_the_multiples(members):
    more_than = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.MORE_THAN)
    at_least = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    assert more_than.needed(members, members) == at_least.needed(members, members)


@pytest.mark.parametrize("members", [2, 4, 6, 8, 10, 14])
def test_half_parts_at_every_even_size(members):
    more_than = Threshold(Fraction(1, 2), Base.MEMBERS, Comparison.MORE_THAN)
    at_least = Threshold(Fraction(1, 2), Base.MEMBERS, Comparison.AT_LEAST)
    assert at_least.needed(members, members) == members // 2
    assert more_than.needed(members, members) == members // 2 + 1


def test_dec4_personnel_counts_all_members_not_those_present():
    """DEC-4: 11 of 15 present all voting yes passes; 10 yes of 11 present fails (needs 11)."""
    personnel = DEFAULT_RULES["personnel"]
    assert personnel.met(11, members=15, present=11)
    assert not personnel.met(10, members=15, present=11)


def test_present_base_uses_those_present():
    rule = Threshold(Fraction(1, 2), Base.PRESENT, Comparison.MORE_THAN)
    assert rule.needed(members=15, present=11) == 6
    assert rule.met(6, 15, 11) and not rule.met(5, 15, 11)


@given(
    members=st.integers(1, 200),
    data=st.data(),
    p=st.integers(1, 9),
    q=st.integers(1, 9),
    comparison=st.sampled_from(list(Comparison)),
    base=st.sampled_from(list(Base)),
)
def test_needed_is_the_smallest_count_that_meets(members, data, p, q, comparison, base):
    if p > q:
        p, q = q, p
    present = data.draw(st.integers(0, members))
    rule = Threshold(Fraction(p, q), base, comparison)
    needed = rule.needed(members, present)
    assert rule.met(needed, members, present)
    assert needed == 0 or not rule.met(needed - 1, members, present)


def test_floats_never_enter_the_arithmetic():
    with pytest.raises(ValueError):
        Threshold(Fraction(0), Base.MEMBERS, Comparison.MORE_THAN)
    with pytest.raises(ValueError):
        Threshold(Fraction(4, 3), Base.MEMBERS, Comparison.MORE_THAN)


def test_national_floor_defaults_pass():
    assert rules.below_floor(DEFAULT_RULES) == []


def test_national_floor_refuses_a_looser_quorum_and_personnel_rule():
    loose = dict(DEFAULT_RULES)
    loose["quorum"] = Threshold(Fraction(1, 2), Base.MEMBERS, Comparison.MORE_THAN)
    loose["personnel"] = Threshold(Fraction(1, 2), Base.PRESENT, Comparison.MORE_THAN)
    assert rules.below_floor(loose) == ["quorum", "personnel"]


def test_national_floor_accepts_at_least_two_thirds_and_exactly_the_floor():
    at_floor = dict(DEFAULT_RULES)
    at_floor["quorum"] = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    at_floor["major"] = Threshold(Fraction(1, 2), Base.MEMBERS, Comparison.MORE_THAN)
    assert rules.below_floor(at_floor) == []
    at_floor["major"] = Threshold(Fraction(1, 2), Base.MEMBERS, Comparison.AT_LEAST)
    assert rules.below_floor(at_floor) == ["major"]


def test_describe_zh():
    assert rules.describe_zh(DEFAULT_RULES["quorum"]) == "超过应到会委员三分之二"
    at_least = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    assert rules.describe_zh(at_least) == "应到会委员三分之二以上（含本数）"
