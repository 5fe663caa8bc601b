"""Decision thresholds: pure arithmetic, no ORM, integers only (SPEC "Thresholds").

A threshold is a fraction p/q of a base (all members 应到会, or members present) and a
comparison: "more than" (超过, q*count > p*base) or "at least" (以上, which by Civil Code
Art. 1259 includes the number itself: q*count >= p*base).
"""

from __future__ import annotations

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

# Strictness is compared over every committee size up to this bound (committees have
# 7 to 15 members in practice; 60 leaves a wide margin).
_MAX_MEMBERS_CHECKED = 60


def at_least_as_strict(
    rule: Threshold, floor: Threshold, *, quorum: bool = False
) -> bool:
    """True when every count that meets `rule` also meets `floor`, for every committee size.

    For a quorum the count is the number present itself.
    """
    for members in range(1, _MAX_MEMBERS_CHECKED + 1):
        for present in range(0, members + 1):
            counts = (present,) if quorum else range(0, present + 1)
            for count in counts:
                if rule.met(count, members, present) and not floor.met(
                    count, members, present
                ):
                    return False
    return True


def below_floor(rules) -> list[str]:
    """The kinds of `rules` (a mapping kind -> Threshold) that are looser than the national floor."""
    return [
        kind
        for kind, floor in NATIONAL_FLOOR.items()
        if kind in rules
        and not at_least_as_strict(rules[kind], floor, quorum=kind == "quorum")
    ]


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
