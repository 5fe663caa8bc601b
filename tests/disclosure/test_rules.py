"""PUB-3: the reference number of a villager's message, as a pure rule (disclosure.rules)."""

import random

import pytest

from disclosure import rules


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ABCD-2345", "ABCD2345"),
        ("abcd2345", "ABCD2345"),
        ("  abcd 2345 ", "ABCD2345"),
        (
            "ＡＢＣＤ－２３４５",
            "ABCD2345",
        ),  # full-width, as a Chinese keyboard types it
        ("ABCD_2345", "ABCD2345"),
        ("ABCD-234", None),  # too short
        ("ABCD-23456", None),  # too long
        ("ABCO-2345", None),  # O is read as 0, which is not used
        ("ABCI-2345", None),  # I and L read as 1, not used
        ("ABCD-2#45", None),
        ("", None),
        (None, None),
        ("12345678", None),  # 1 is not in the alphabet: a row id never is a reference
    ],
)
def test_pub3_reference_is_normalized_as_typed(typed, stored):
    assert rules.normalize_reference(typed) == stored


def test_pub3_new_reference_is_eight_unambiguous_characters():
    rng = random.Random(7)
    values = {rules.new_reference(rng.choice) for _ in range(2000)}
    assert len(values) == 2000  # no repeats in a sample: drawn, not counted
    for value in values:
        assert len(value) == rules.LENGTH
        assert set(value) <= set(rules.ALPHABET)
        assert not set(value) & set("01ILO")
        assert rules.normalize_reference(rules.format_reference(value)) == value


def test_pub3_reference_space_is_not_guessable():
    # 31 ** 8 values; at the lookup's 10 tries an hour, a million stored messages are hit
    # by chance about once in 9,700 years of trying from one address.
    assert len(rules.ALPHABET) ** rules.LENGTH > 8 * 10**11
    assert rules.format_reference("ABCD2345") == "ABCD-2345"
