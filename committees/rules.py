"""Decision thresholds: pure arithmetic, no ORM, integers only (SPEC "Thresholds").

A threshold is a fraction p/q of a base (all members 应到会, or members present) and a
comparison: "more than" (超过, q*count > p*base) or "at least" (以上, which by Civil Code
Art. 1259 includes the number itself: q*count >= p*base).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType


class Base(StrEnum):
    MEMBERS = "members"  # all voting members in office on the day (应到)
    PRESENT = "present"  # members present (实到)


class Comparison(StrEnum):
    MORE_THAN = "more_than"  # 超过
    AT_LEAST = "at_least"  # 以上（含本数）


KINDS = ("quorum", "ordinary", "major", "personnel", "reconsideration")


@dataclass(frozen=True)
class Threshold:
    fraction: Fraction
    base: Base = Base.MEMBERS
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self):
        fraction = Fraction(self.fraction)
        if not (0 < fraction <= 1):
            raise ValueError("a threshold fraction lies in (0, 1]")
        object.__setattr__(self, "fraction", fraction)
        object.__setattr__(self, "base", Base(self.base))
        object.__setattr__(self, "comparison", Comparison(self.comparison))

    @property
    def never_met(self) -> bool:
        """ "More than all" (p = q, 超过全部) is met by no count."""
        return self.comparison is Comparison.MORE_THAN and self.fraction == 1

    def base_count(self, members: int, present: int) -> int:
        return members if self.base is Base.MEMBERS else present

    def needed(self, members: int, present: int) -> int:
        """The smallest count that meets the threshold."""
        p, q = self.fraction.numerator, self.fraction.denominator
        product = p * self.base_count(members, present)
        if self.comparison is Comparison.MORE_THAN:
            return product // q + 1  # smallest c with q*c > product
        return -(-product // q)  # smallest c with q*c >= product

    def met(self, count: int, members: int, present: int) -> bool:
        p, q = self.fraction.numerator, self.fraction.denominator
        product = p * self.base_count(members, present)
        if self.comparison is Comparison.MORE_THAN:
            return q * count > product
        return q * count >= product

    def as_dict(self) -> dict:
        return {
            "numerator": self.fraction.numerator,
            "denominator": self.fraction.denominator,
            "base": str(self.base),
            "comparison": str(self.comparison),
        }


def _t(p: int, q: int, comparison=Comparison.MORE_THAN, base=Base.MEMBERS) -> Threshold:
    return Threshold(Fraction(p, q), base, comparison)


# The seed's text (SPEC "Default rule set").
DEFAULT_RULES = MappingProxyType(
    {
        "quorum": _t(2, 3),  # DEC-3: more than 2/3 of members present
        "ordinary": _t(1, 2),  # DEC-5: more than half of all members
        "major": _t(2, 3),  # DEC-4: more than 2/3 of ALL members
        "personnel": _t(2, 3),  # DEC-4
        "reconsideration": _t(1, 2),
    }
)

# The national floor (cadre-appointment regulation): personnel and major items need at
# least 2/3 of members present, and pass with more than 1/2 of all members.
NATIONAL_FLOOR = MappingProxyType(
    {
        "quorum": _t(2, 3, Comparison.AT_LEAST),
        "personnel": _t(1, 2),
        "major": _t(1, 2),
    }
)

# -- the national floor, decided exactly for every committee size ---------------------------
#
# Every count a threshold needs is a "periodic staircase" of the committee size m: for a
# fraction p/q of all members, needed(m) = floor(p*m/q) + 1 ("more than") or
# ceil(p*m/q) ("at least"), and in both cases needed(m + q) = needed(m) + p for every
# integer m, because p*(m + q)/q = p*m/q + p and p is an integer. Sums, compositions and
# constants of staircases are staircases again, so every question "is f(m) >= g(m) for
# every m >= 1?" below is a comparison of two staircases, decided in one period.


@dataclass(frozen=True)
class Staircase:
    """An integer function of the committee size with f(m + period) == f(m) + step for
    every m >= 1. Its slope is step / period."""

    at: Callable[[int], int]
    period: int
    step: int


def members_staircase(threshold: Threshold) -> Staircase:
    """needed(m) of a rule counted on all members: period q, step p."""
    if threshold.base is not Base.MEMBERS:
        raise ValueError("only a rule counted on all members depends on m alone")
    fraction = threshold.fraction
    return Staircase(
        lambda m: threshold.needed(m, m), fraction.denominator, fraction.numerator
    )


def fewest_present(quorum: Threshold) -> Staircase:
    """L(m): the fewest members present that `quorum` admits in a committee of m.

    A quorum is met by present members, so the admitted counts are an interval
    [L(m), m]: on all members L(m) = needed(m) (a staircase of period q, step p); on
    those present (a quorum that can only be met) L is a constant: 0 for "at least",
    1 for "more than" (p < q), so period 1, step 0.
    """
    if quorum.base is Base.MEMBERS:
        return members_staircase(quorum)
    lowest = 0 if quorum.met(0, 1, 0) else 1
    return Staircase(lambda m: lowest, 1, 0)


def needed_at_fewest(rule: Threshold, lowest: Staircase) -> Staircase:
    """The yes votes `rule` needs at the smallest sitting the quorum admits, by m.

    needed(m, p) never falls as p grows, so the smallest sitting L(m) is the loosest
    case. On all members it is needed(m). On those present it is n(L(m)) with
    n(x + q) = n(x) + p, and L(m + P) = L(m) + S; hence n(L(m + P*q)) = n(L(m) + S*q)
    = n(L(m)) + S*p: a staircase of period P*q and step S*p.
    """
    if rule.base is Base.MEMBERS:
        return members_staircase(rule)
    fraction = rule.fraction
    return Staircase(
        lambda m: rule.needed(m, lowest.at(m)),
        lowest.period * fraction.denominator,
        lowest.step * fraction.numerator,
    )


def first_below(f: Staircase, g: Staircase) -> int | None:
    """The smallest m >= 1 with f(m) < g(m), or None when f(m) >= g(m) for every m >= 1.

    Proof. Let P = lcm(f.period, g.period) and d(m) = f(m) - g(m). Applying each
    staircase's period P/period times, d(m + P) = d(m) + D with
    D = f.step * P/f.period - g.step * P/g.period (P times the difference of slopes).
    Every m >= 1 is r + k*P with r in 1..P and k >= 0, and d(r + k*P) = d(r) + k*D.
    - If D >= 0, d(r + k*P) >= d(r): the minimum of d is taken in the first period,
      so checking m = 1..P decides it.
    - If D < 0, d(r + k*P) < 0 exactly when k > d(r) / -D; the smallest such k is 0
      when d(r) < 0 and d(r) // -D + 1 otherwise. The smallest m is the least
      r + k*P over the residues r.
    So the answer is exact for every m, with P * (a few) evaluations: no bound on m.
    """
    period = math.lcm(f.period, g.period)
    drift = f.step * (period // f.period) - g.step * (period // g.period)
    smallest = None
    for r in range(1, period + 1):
        gap = f.at(r) - g.at(r)
        if gap < 0:
            k = 0
        elif drift < 0:
            k = gap // -drift + 1
        else:
            continue
        m = r + k * period
        if smallest is None or m < smallest:
            smallest = m
    return smallest


def floor_breaches(rule_set) -> dict[str, int]:
    """Kind -> the smallest committee size at which `rule_set` (kind -> Threshold) lets
    a decision through that the national floor would not; {} when it holds at every size.

    The rule set is judged as a whole: for every m >= 1 and every p <= m the township's
    quorum admits,
    - quorum: p is at least what the floor's quorum needs (L(m) >= ceil(2m/3));
    - personnel, major: the yes votes the rule needs at p are at least the floor's
      (floor(m/2) + 1). The loosest p is L(m) (see `needed_at_fewest`), so a rule on
      those present is judged under the township's own quorum: "more than 3/4 of those
      present" under "more than 2/3 of members" always needs more than half of all.
    A rule that can never be met (`never_met`) lets nothing through: it holds.
    """
    quorum = rule_set["quorum"]
    if quorum.never_met:
        return {}  # no sitting is ever quorate, so nothing is ever decided
    lowest = fewest_present(quorum)
    found = {}
    m = first_below(lowest, members_staircase(NATIONAL_FLOOR["quorum"]))
    if m is not None:
        found["quorum"] = m
    for kind in ("personnel", "major"):
        rule = rule_set[kind]
        if rule.never_met:
            continue
        m = first_below(
            needed_at_fewest(rule, lowest), members_staircase(NATIONAL_FLOOR[kind])
        )
        if m is not None:
            found[kind] = m
    return found


def below_floor(rule_set) -> list[str]:
    """The kinds of `rule_set` (kind -> Threshold) below the national floor, in the
    floor's order (quorum, personnel, major)."""
    breaches = floor_breaches(rule_set)
    return [kind for kind in NATIONAL_FLOOR if kind in breaches]


_CN_NUMBERS = "零一二三四五六七八九十"


def fraction_zh(fraction: Fraction) -> str:
    """2/3 -> 三分之二 (denominators and numerators up to ten)."""
    p, q = fraction.numerator, fraction.denominator
    if q > 10 or p > 10:
        return f"{p}/{q}"
    if p == q:
        return "全部"
    return f"{_CN_NUMBERS[q]}分之{_CN_NUMBERS[p]}"


def describe_zh(threshold: Threshold) -> str:
    """超过三分之二 / 三分之二以上 (as the minutes print it)."""
    fraction = fraction_zh(threshold.fraction)
    base = "应到会委员" if threshold.base is Base.MEMBERS else "到会委员"
    if threshold.comparison is Comparison.MORE_THAN:
        return f"超过{base}{fraction}"
    return f"{base}{fraction}以上（含本数）"
