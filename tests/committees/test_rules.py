"""The decision thresholds (SPEC "Thresholds"; DEC-3, DEC-4, DEC-5): pure arithmetic."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
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


# -- the national floor, decided by arithmetic over the rule set as a whole -----------------


def _brute_floor_breaches(rule_set, up_to):
    """kind -> the smallest committee size (<= up_to) at which `rule_set` lets a decision
    through that the floor would not: a quorum admitting fewer present than the floor's,
    or a personnel/major rule needing fewer yes votes than the floor's at some present
    count the township's quorum admits. Straight from the definitions, every m and p."""
    floor_quorum = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    floor_yes = Threshold(Fraction(1, 2), Base.MEMBERS, Comparison.MORE_THAN)
    quorum = rule_set["quorum"]
    found = {}
    for members in range(1, up_to + 1):
        if len(found) == 3:
            break  # each kind's smallest size is known
        for present in range(0, members + 1):
            if not quorum.met(present, members, present):
                continue
            if not floor_quorum.met(present, members, present):
                found.setdefault("quorum", members)
            for kind in ("personnel", "major"):
                needed = rule_set[kind].needed(members, present)
                if needed <= present and not floor_yes.met(needed, members, present):
                    found.setdefault(kind, members)
    return found


def _with(**kinds):
    rule_set = dict(DEFAULT_RULES)
    rule_set.update(kinds)
    return rule_set


@pytest.mark.parametrize(
    ("rule_set", "breaches"),
    [
        # The case: ">3/4 of those present" under the >2/3 quorum is always at
        # least 3/4 of more than 2/3 of all, i.e. more than half of all.
        (_with(personnel=Threshold(Fraction(3, 4), Base.PRESENT)), {}),
        (_with(major=Threshold(Fraction(3, 4), Base.PRESENT)), {}),
        # ">39/59 of all" present holds the floor up to 61 members and breaks at 62:
        # 41 present are more than 39/59 of 62 but fewer than 2/3 of 62 (41.33).
        (_with(quorum=Threshold(Fraction(39, 59))), {"quorum": 62}),
        # "at least 2/3" is the floor's quorum itself; "more than 1/2" its vote.
        (_with(quorum=Threshold(Fraction(2, 3), comparison=Comparison.AT_LEAST)), {}),
        (_with(personnel=Threshold(Fraction(1, 2))), {}),
        # "at least 1/2 of all" lets 1 of 2 through: the floor needs more than half.
        (
            _with(major=Threshold(Fraction(1, 2), comparison=Comparison.AT_LEAST)),
            {"major": 2},
        ),
        # ">1/2 of those present" under the >2/3 quorum: 3 present of 4 need 2 yes only.
        (_with(personnel=Threshold(Fraction(1, 2), Base.PRESENT)), {"personnel": 4}),
        # ">2/3 of those present" under ">2/3": 7 present of 10 need 5 yes, the floor 6
        # (2/3 of 2/3 is 4/9, less than half: the slopes decide).
        (_with(personnel=Threshold(Fraction(2, 3), Base.PRESENT)), {"personnel": 10}),
        # A quorum of more than half: 3 of 5 open the meeting, the floor needs 4.
        (_with(quorum=Threshold(Fraction(1, 2))), {"quorum": 5}),
        # A quorum counted on those present admits any sitting: always below the floor.
        (_with(quorum=Threshold(Fraction(2, 3), Base.PRESENT)), {"quorum": 2}),
    ],
)
def test_thresholds_national_floor_named_cases(rule_set, breaches):
    """SPEC Thresholds: the floor is judged over the rule set as a whole, every size."""
    assert rules.below_floor(rule_set) == [
        kind for kind in ("quorum", "personnel", "major") if kind in breaches
    ]
    assert rules.floor_breaches(rule_set) == breaches
    assert _brute_floor_breaches(rule_set, 130) == breaches


@pytest.mark.parametrize("members", [3, 6, 9, 12, 15, 300])
def test_thresholds_at_least_and_more_than_two_thirds_part_at_multiples_of_three(
    members,
):
    """SPEC Thresholds: at 3, 6, 9, ... "at least 2/3" admits exactly 2/3, "more than"
    needs one more; both are at or above the floor's quorum at every size."""
    at_least = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.AT_LEAST)
    more_than = Threshold(Fraction(2, 3), Base.MEMBERS, Comparison.MORE_THAN)
    assert at_least.needed(members, members) == members * 2 // 3
    assert more_than.needed(members, members) == members * 2 // 3 + 1
    assert rules.floor_breaches(_with(quorum=at_least)) == {}
    assert rules.floor_breaches(_with(quorum=more_than)) == {}


_thresholds = st.builds(
    lambda q, p, base, comparison: Threshold(Fraction(min(p, q), q), base, comparison),
    q=st.integers(1, 10),
    p=st.integers(1, 10),
    base=st.sampled_from(list(Base)),
    comparison=st.sampled_from(list(Comparison)),
).filter(lambda t: not t.never_met)


@settings(deadline=None, max_examples=80)
@given(quorum=_thresholds, personnel=_thresholds, major=_thresholds)
def test_thresholds_floor_arithmetic_agrees_with_brute_force(quorum, personnel, major):
    """SPEC Thresholds: the exact check (periods and slopes) and a brute-force search
    over every size up to 300 agree; a breach found beyond 300 is a real one."""
    rule_set = _with(quorum=quorum, personnel=personnel, major=major)
    exact = rules.floor_breaches(rule_set)
    brute = _brute_floor_breaches(rule_set, 300)
    assert {k: m for k, m in exact.items() if m <= 300} == brute
    for kind, members in exact.items():
        assert _brute_floor_breaches(rule_set, members).get(kind) == members
