"""INC-2 / INC-3: the pure pay arithmetic (cadres/incentives/pay.py), by tables and properties."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadres.incentives import pay

ROOT = Path(__file__).resolve().parents[3]

pools = st.integers(min_value=0, max_value=10**9).map(lambda fen: Decimal(fen) / 100)
score_values = st.integers(min_value=0, max_value=10000).map(lambda c: Decimal(c) / 100)
score_maps = st.dictionaries(
    st.integers(min_value=1, max_value=10_000), score_values, min_size=1, max_size=40
)


def test_inc2_pay_imports_without_django():
    """INC-2: the arithmetic is pure — it imports with Django made unimportable."""
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('pay', {str(ROOT / 'cadres/incentives/pay.py')!r})\n"
        "m = importlib.util.module_from_spec(spec); sys.modules['pay'] = m\n"
        "spec.loader.exec_module(m)\n"
        "from decimal import Decimal as D\n"
        "print(m.split_pool(D('100.00'), {1: D('1'), 2: D('1'), 3: D('1')}))\n"
        "assert not any(k == 'django' or k.startswith('django.') for k in sys.modules if sys.modules[k] is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Decimal('33.34')" in done.stdout


@pytest.mark.parametrize(
    "pool, scores, expected",
    [
        # 100.00 by three equal scores: 3333.33… fen each, one fen left, to the lowest number.
        ("100.00", {1: "90", 2: "90", 3: "90"}, {1: "33.34", 2: "33.33", 3: "33.33"}),
        # the higher score wins the remainder tie before the roster number.
        ("0.02", {1: "1", 2: "1", 3: "1"}, {1: "0.01", 2: "0.01", 3: "0.00"}),
        ("10000.00", {7: "80", 3: "20"}, {7: "8000.00", 3: "2000.00"}),
        # 1000.00 by 95.5 / 88.25 / 70 (total 253.75): quotas 37635.46…, 34778.32…,
        # 27586.20… fen; 99999 whole fen, the one left to the largest remainder (.46…).
        (
            "1000.00",
            {1: "95.50", 2: "88.25", 3: "70.00"},
            {1: "376.36", 2: "347.78", 3: "275.86"},
        ),
        ("0.00", {1: "50", 2: "60"}, {1: "0.00", 2: "0.00"}),
        ("0.05", {1: "0", 2: "0"}, {1: "0.03", 2: "0.02"}),  # nobody scored: even split
    ],
)
def test_inc2_split_table(pool, scores, expected):
    shares = pay.split_pool(Decimal(pool), {k: Decimal(v) for k, v in scores.items()})
    assert shares == {k: Decimal(v) for k, v in expected.items()}
    assert sum(shares.values()) == Decimal(pool)


def test_inc2_explanation_shows_the_steps():
    steps = pay.split_explained(
        Decimal("100.00"), {1: Decimal("90"), 2: Decimal("90"), 3: Decimal("90")}
    )
    assert steps[1].whole_fen == 3333 and steps[1].extra_fen == 1
    assert steps[1].leftover_fen == 1 and steps[1].rank == 1
    assert steps[3].extra_fen == 0 and steps[3].rank == 3
    assert steps[2].total == Decimal("270")
    assert steps[2].quotient_yuan == Decimal("33.3333")
    assert steps[2].remainder_decimal == Decimal("0.3333")


@pytest.mark.parametrize(
    "pool, scores",
    [
        ("-1.00", {1: "1"}),
        ("1.001", {1: "1"}),
        ("1.00", {1: "-1"}),
        ("1.00", {}),
    ],
)
def test_inc2_split_refuses_bad_input(pool, scores):
    with pytest.raises(ValueError):
        pay.split_pool(Decimal(pool), {k: Decimal(v) for k, v in scores.items()})


@settings(max_examples=300, deadline=None)
@given(pool=pools, scores=score_maps)
def test_inc2_shares_sum_to_pool_exactly_none_negative(pool, scores):
    shares = pay.split_pool(pool, scores)
    assert set(shares) == set(scores)
    assert sum(shares.values()) == pool
    assert all(share >= 0 for share in shares.values())
    assert all(share == share.quantize(pay.FEN) for share in shares.values())


@settings(max_examples=300, deadline=None)
@given(pool=pools, scores=score_maps)
def test_inc2_higher_score_never_smaller_share(pool, scores):
    shares = pay.split_pool(pool, scores)
    ordered = sorted(scores, key=lambda k: scores[k])
    for low, high in zip(ordered, ordered[1:], strict=False):
        if scores[high] > scores[low]:
            assert shares[high] >= shares[low]
    for a in scores:  # equal scores differ by at most one fen
        for b in scores:
            if scores[a] == scores[b]:
                assert abs(shares[a] - shares[b]) <= pay.FEN


@settings(max_examples=200, deadline=None)
@given(pool=pools, scores=score_maps, seed=st.integers())
def test_inc2_split_independent_of_order(pool, scores, seed):
    items = list(scores.items())
    random.Random(seed).shuffle(items)
    assert pay.split_pool(pool, dict(items)) == pay.split_pool(pool, scores)


@settings(max_examples=200, deadline=None)
@given(pool=pools, scores=score_maps)
def test_inc2_each_share_within_one_fen_of_its_quota(pool, scores):
    for step in pay.split_explained(pool, scores).values():
        fen = step.whole_fen + step.extra_fen
        assert step.quotient - 1 < fen < step.quotient + 1


@pytest.mark.parametrize("assessed", range(1, 61))
def test_inc3_excellent_cap_every_group_size_1_to_60(assessed):
    """INC-3: 20 % of those assessed, rounded down, at every size 1–60."""
    cap = pay.excellent_cap(assessed)
    assert cap == assessed * 20 // 100 == assessed // 5
    assert cap * 5 <= assessed < (cap + 1) * 5  # the largest count within 20 %
    for percent in (10, 15, 25, 30):
        assert pay.excellent_cap(assessed, percent) == math.floor(
            assessed * percent / 100
        )


def test_inc3_excellent_cap_rounding_edges():
    assert [pay.excellent_cap(n) for n in (0, 4, 5, 9, 10, 14, 15)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
    ]
    assert pay.excellent_cap(7, Decimal("12.5")) == 0
    assert pay.excellent_cap(8, Decimal("12.5")) == 1
    assert "向下取整为 2 人" in pay.excellent_arithmetic_zh(14)
    assert (
        pay.excellent_arithmetic_zh(14, Decimal("20.00"))
        == "14 × 20% = 2.8，向下取整为 2 人"
    )
    with pytest.raises(ValueError):
        pay.excellent_cap(5, 101)


def test_inc2_weighted_score_exact():
    parts = [(Decimal("40"), Decimal("95.50")), (Decimal("60"), Decimal("88.25"))]
    assert pay.weighted_score(parts) == Decimal("91.15")
