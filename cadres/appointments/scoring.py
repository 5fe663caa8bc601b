"""APT-4, APT-5: the arithmetic of rankings, as pure functions (Decimal and int, no ORM).

Competitive selection: total = written × written weight + interview × interview weight,
the weights summing to 1, rounded to two places half up (the stated rounding rule), ranked
by total, then by the interview score; equal totals and interviews share a rank
("1, 2, 2, 4"). Outstanding cadres: ranked by votes, equal votes share a rank; the first
`seats` ranks are elected (a tie at the last seat elects all tied, and the result says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(value: Decimal) -> Decimal:
    """Two places, rounded half up (APT-4's stated rounding: 82.345 → 82.35), never the
    Decimal default of half even."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(
    written: Decimal, interview: Decimal, written_weight: Decimal
) -> Decimal:
    interview_weight = Decimal(1) - written_weight
    return cents(written * written_weight + interview * interview_weight)


@dataclass(frozen=True)
class Ranked:
    key: object
    total: Decimal
    interview: Decimal
    rank: int


def rank_scores(
    rows: list[tuple[object, Decimal, Decimal]], written_weight: Decimal
) -> list[Ranked]:
    """rows: (key, written, interview) -> ranked by total, then interview; ties share."""
    scored = [
        (key, weighted_total(written, interview, written_weight), interview)
        for key, written, interview in rows
    ]
    scored.sort(key=lambda row: (-row[1], -row[2]))
    ranked: list[Ranked] = []
    for position, (key, total, interview) in enumerate(scored, start=1):
        if ranked and (ranked[-1].total, ranked[-1].interview) == (total, interview):
            rank = ranked[-1].rank
        else:
            rank = position
        ranked.append(Ranked(key, total, interview, rank))
    return ranked


def rank_votes(
    counts: dict[object, int], seats: int
) -> list[tuple[object, int, int, bool]]:
    """(key, votes, rank, elected), most votes first; elected while rank <= seats."""
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    result = []
    previous = None
    rank = 0
    for position, (key, votes) in enumerate(ordered, start=1):
        if votes != previous:
            rank = position
            previous = votes
        result.append((key, votes, rank, votes > 0 and rank <= seats))
    return result
