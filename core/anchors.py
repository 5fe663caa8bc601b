"""AUD-2: daily anchors — each township's seal chain head, printed where people keep it.

An anchor is (day, sequence, head digest) of one township's chain (core.models.Seal): the
number of seals the chain held at the cut and the chain value of the last of them. The
column prints the newest anchor in every township page's footer and each PDF prints one
in its footer ("存证 2026-12-01 · 序号 1234 · 摘要 ab12…"), so a chain rewritten after the
fact contradicts a copy people hold: `contradictions()` compares every anchor kept here
with the chain as it is now, and a printed anchor can be checked the same way
(`holds(township_id, sequence, head)`).

Anchors are made by the nightly beat task (`disclosure.tasks.anchor_townships`, the
previous day, cut at midnight) and on demand (`current()`, when a PDF is made: the chain as
it is at that moment). Making one is idempotent: an anchor equal to the newest kept for
the township is not written again. `township_id` is a plain number: core sits below the
domain apps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.anchor_models import Anchor


@dataclass(frozen=True)
class Head:
    sequence: int
    last_seal_id: int | None
    head: str


def _seals(township_id: int):
    from core.models import Seal

    return Seal.objects.filter(township_id=township_id)


def head_at(township_id: int, cut: datetime.datetime) -> Head:
    """The chain of a township as it stood at `cut` (seals sealed before it)."""
    last = (
        _seals(township_id)
        .filter(sealed_at__lt=cut)
        .order_by("-id")
        .values("id", "chain")
        .first()
    )
    if last is None:
        return Head(0, None, "")
    # The position in the chain (ordered by id), as the journal counts it.
    sequence = _seals(township_id).filter(id__lte=last["id"]).count()
    return Head(sequence, last["id"], last["chain"])


def end_of_day(day: datetime.date) -> datetime.datetime:
    """Local midnight after `day` (Asia/Shanghai)."""
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    )


def latest(township_id: int) -> Anchor | None:
    return (
        Anchor.objects.filter(township_id=township_id)
        .order_by("-cut_at", "-id")
        .first()
    )


def latest_for(township_ids) -> dict[int, Anchor]:
    """The newest anchor of each township, in one query."""
    found: dict[int, Anchor] = {}
    for anchor in Anchor.objects.filter(township_id__in=list(township_ids)).order_by(
        "township_id", "-cut_at", "-id"
    ):
        found.setdefault(anchor.township_id, anchor)
    return found


@transaction.atomic
def make(township_id: int, *, day: datetime.date, cut: datetime.datetime) -> Anchor:
    """The anchor of the chain at `cut`, labelled `day`; the newest one again if equal."""
    found = head_at(township_id, cut)
    newest = latest(township_id)
    if (
        newest is not None
        and newest.sequence == found.sequence
        and newest.head == found.head
        and newest.day >= day
    ):
        return newest
    return Anchor.objects.create(
        township_id=township_id,
        day=day,
        sequence=found.sequence,
        last_seal_id=found.last_seal_id,
        head=found.head,
        cut_at=cut,
        made_at=timezone.now(),
    )


def nightly(township_ids, today: datetime.date | None = None) -> list[Anchor]:
    """The beat task's work: each township's chain at the end of yesterday."""
    today = today or timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    cut = end_of_day(yesterday)
    return [make(tid, day=yesterday, cut=cut) for tid in township_ids]


def current(township_id: int) -> Anchor:
    """On demand: the chain as it is now (a PDF being made prints this one)."""
    now = timezone.now()
    # A seal committed in this very microsecond is still "before" the cut.
    return make(
        township_id,
        day=timezone.localdate(now),
        cut=now + datetime.timedelta(microseconds=1),
    )


def holds(township_id: int, sequence: int, head: str) -> bool:
    """Does the chain as it is now still have `head` as its `sequence`-th value?"""
    if sequence == 0:
        return head == ""
    found = (
        _seals(township_id)
        .order_by("id")
        .values_list("chain", flat=True)[sequence - 1 : sequence]
    )
    return list(found) == [head]


def contradictions(township_ids=None) -> list[Anchor]:
    """Every kept anchor the chain no longer agrees with (a rewritten or cut chain)."""
    anchors = Anchor.objects.order_by("township_id", "cut_at", "id")
    if township_ids is not None:
        anchors = anchors.filter(township_id__in=list(township_ids))
    chains: dict[int, list[str]] = {}
    broken = []
    for anchor in anchors:
        chain = chains.get(anchor.township_id)
        if chain is None:
            chain = list(
                _seals(anchor.township_id)
                .order_by("id")
                .values_list("chain", flat=True)
            )
            chains[anchor.township_id] = chain
        if anchor.sequence == 0:
            ok = anchor.head == ""
        else:
            ok = (
                len(chain) >= anchor.sequence
                and chain[anchor.sequence - 1] == anchor.head
            )
        if not ok:
            broken.append(anchor)
    return broken
