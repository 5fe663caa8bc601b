"""The pay arithmetic of INC-2 and the excellent cap of INC-3: pure, standard library only.

Importable without Django (a test imports it with Django unavailable), like
`committees/rules.py`; the services call it and pass only what the rules admit (the year-end
pool goes only to cadres graded 优秀 or 称职, 公务员法 Art 80, so the service passes only them).

The pool split (`split_pool`) works in fen (1/100 yuan), exactly:

1. the pool is P fen; the scores add up to T; cadre i's quota is P × s_i / T fen, an exact
   fraction (Decimal scores are exact, so is the quota);
2. each cadre first gets the whole fen of the quota (rounded down);
3. the fen left over (fewer than the number of cadres) go one each to the cadres with the
   largest fractional remainders — the largest-remainder method (Hamilton);
4. tie-break, independent of the order in which the cadres are given: among equal
   remainders the higher score comes first, and among equal scores the lower key (the
   cadre's roster number) comes first.

So the shares add up to the pool exactly, no share is negative, and a higher score never
gets a smaller share (a higher score has a larger quota: either more whole fen, or as many
whole fen and a larger remainder, which ranks first). When every score is 0 the quotas
are equal (the pool is split evenly by the same steps).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

FEN = Decimal("0.01")
DEFAULT_EXCELLENT_PERCENT = 20

TIE_BREAK_ZH = (
    "剩余的分按小数部分从大到小逐一分配（最大余额法）；小数部分相同的，得分高者优先；"
    "得分也相同的，名册编号小者优先。结果与人员排列顺序无关。"
)
TIE_BREAK_EN = (
    "The fen left over go one each to the largest remainders (largest-remainder method); "
    "equal remainders: the higher score first; equal scores: the lower roster number first. "
    "The result does not depend on the order of the cadres."
)


@dataclass(frozen=True)
class ShareStep:
    """How one cadre's share was reached (shown to the cadre)."""

    score: Decimal
    total: Decimal  # the sum of the scores
    pool: Decimal
    quotient: Fraction  # exact quota in fen: pool_fen × score / total
    whole_fen: int  # the quota rounded down
    remainder: Fraction  # quotient - whole_fen, in [0, 1)
    rank: int  # 1-based place in the remainder order
    extra_fen: int  # 0 or 1: the remainder step
    leftover_fen: int  # how many fen the remainder step hands out in all

    @property
    def share(self) -> Decimal:
        return (Decimal(self.whole_fen + self.extra_fen) / 100).quantize(FEN)

    @property
    def quotient_yuan(self) -> Decimal:
        """The quota in yuan, to four places (for the page; the arithmetic is exact)."""
        return (
            Decimal(self.quotient.numerator) / Decimal(self.quotient.denominator) / 100
        ).quantize(Decimal("0.0001"))

    @property
    def remainder_decimal(self) -> Decimal:
        return (
            Decimal(self.remainder.numerator) / Decimal(self.remainder.denominator)
        ).quantize(Decimal("0.0001"))


def _fen(pool: Decimal) -> int:
    if not isinstance(pool, Decimal):
        raise TypeError("the pool is a Decimal")
    if not pool.is_finite() or pool < 0:
        raise ValueError("the pool is a finite amount of at least 0")
    fen = pool * 100
    if fen != fen.to_integral_value():
        raise ValueError("the pool is a whole number of fen")
    return int(fen)


def split_explained(pool: Decimal, scores: Mapping[K, Decimal]) -> dict[K, ShareStep]:
    """The split of `pool` by `scores`, with each cadre's steps (see the module's text)."""
    pool_fen = _fen(pool)
    for score in scores.values():
        if not isinstance(score, Decimal):
            raise TypeError("scores are Decimals")
        if not score.is_finite() or score < 0:
            raise ValueError("a score is a finite number of at least 0")
    if not scores:
        if pool_fen:
            raise ValueError("a pool needs at least one cadre to share it")
        return {}
    exact = {key: Fraction(score) for key, score in scores.items()}
    total = sum(exact.values(), Fraction(0))
    if total == 0:  # nobody scored: equal quotas
        exact = dict.fromkeys(exact, Fraction(1))
        total = Fraction(len(exact))
    quota = {key: Fraction(pool_fen) * s / total for key, s in exact.items()}
    whole = {key: math.floor(q) for key, q in quota.items()}
    leftover = pool_fen - sum(whole.values())
    order = sorted(
        scores,
        key=lambda key: (-(quota[key] - whole[key]), -exact[key], key),
    )
    rank = {key: place for place, key in enumerate(order, start=1)}
    score_total = sum(scores.values(), Decimal(0))
    return {
        key: ShareStep(
            score=scores[key],
            total=score_total,
            pool=pool,
            quotient=quota[key],
            whole_fen=whole[key],
            remainder=quota[key] - whole[key],
            rank=rank[key],
            extra_fen=1 if rank[key] <= leftover else 0,
            leftover_fen=leftover,
        )
        for key in scores
    }


def split_pool(pool: Decimal, scores: Mapping[K, Decimal]) -> dict[K, Decimal]:
    """INC-2: the shares of `pool` (yuan, whole fen) by `scores`, to the fen, adding up to
    the pool exactly (largest-remainder method, the stated tie-break)."""
    return {key: step.share for key, step in split_explained(pool, scores).items()}


def weighted_score(parts: list[tuple[Decimal, Decimal]]) -> Decimal:
    """INC-2: a cadre's score, the weighted sum of (weight in percent, target score), exact."""
    return sum((weight * score / 100 for weight, score in parts), Decimal(0))


def weights_total(weights: list[Decimal]) -> Decimal:
    return sum(weights, Decimal(0))


def excellent_cap(
    assessed: int, percent: int | Decimal = DEFAULT_EXCELLENT_PERCENT
) -> int:
    """INC-3: how many of `assessed` cadres may be graded 优秀: `percent` % of them,
    rounded down (20 % of 4 is 0.8: none; of 5: one; of 14: two)."""
    if assessed < 0:
        raise ValueError("a count of cadres is at least 0")
    share = Fraction(Decimal(percent))
    if not 0 <= share <= 100:
        raise ValueError("a percentage lies in 0 … 100")
    return math.floor(assessed * share / 100)


def plain(number: Decimal) -> str:
    """A Decimal without trailing zeros and never in exponent form (20.00 → 20)."""
    return f"{Decimal(number).normalize():f}"


def excellent_arithmetic_zh(
    assessed: int, percent: int | Decimal = DEFAULT_EXCELLENT_PERCENT
) -> str:
    """The cap's arithmetic as the page prints it."""
    product = Decimal(assessed) * Decimal(percent) / 100
    return (
        f"{assessed} × {plain(Decimal(percent))}% = {plain(product)}，"
        f"向下取整为 {excellent_cap(assessed, percent)} 人"
    )
