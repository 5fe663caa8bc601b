"""Pure rules of the column (no ORM): the reference number of a villager's message (PUB-3).

A reference is 8 characters from an alphabet without the look-alikes 0/O, 1/I/L: short
enough to copy by hand from a phone screen, and 31**8 (about 8.5 * 10**11) values, so that
with the lookup's rate limit nobody finds someone else's message by trying. It is drawn
at random (`secrets`), never derived from the row id. Shown as two groups of four.
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
# What people mistype for a letter that is not in the alphabet.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference(choice=secrets.choice) -> str:
    """A fresh random reference (stored without the separator)."""
    return "".join(choice(ALPHABET) for _ in range(LENGTH))


def normalize_reference(text: str) -> str | None:
    """The stored form of what a villager typed, or None if it cannot be a reference.

    Case, spaces, hyphens and full-width characters do not matter; a typed O, I or L is
    read as the digit it resembles (and then refused: those digits are not used)."""
    folded = []
    for char in text or "":
        code = ord(char)
        if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII, as Chinese keyboards type it
            char = chr(code - 0xFEE0)
        if char in " -\u3000_.":
            continue
        folded.append(char.upper())
    value = "".join(folded).translate(_LOOKALIKES)
    if len(value) != LENGTH or any(char not in ALPHABET for char in value):
        return None
    return value


def format_reference(value: str) -> str:
    """ABCD-2345: as printed on the received page and typed back in."""
    return f"{value[:4]}-{value[4:]}" if value else ""
