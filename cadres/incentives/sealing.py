"""AUD-2: records of the incentive mechanism that never change once made are sealed —
a pool split (a run of the payroll: its pool and every share) when it is made, and a
democratic appraisal (INC-5: its ballots and their marks, by receipt, and the number of
voters) when it is closed, so that the published count stays provable."""

from __future__ import annotations

from core import integrity


def split_content(split) -> dict:
    return {
        **integrity.fields_of(split, ("pool", "run", "amount")),
        "shares": sorted(
            [s.person_id, str(s.score), str(s.share)] for s in split.shares.all()
        ),
    }


def appraisal_content(appraisal) -> dict:
    return {
        **integrity.fields_of(appraisal, ("year",)),
        "subjects": sorted(appraisal.subjects.values_list("pk", flat=True)),
        "voters": appraisal.voters.count(),
        "ballots": sorted(
            [
                ballot.receipt,
                sorted([m.person_id, m.choice] for m in ballot.marks.all()),
            ]
            for ballot in appraisal.ballots.prefetch_related("marks")
        ),
    }


def register() -> None:
    from cadres.incentives.models import Appraisal, PoolSplit

    integrity.register(
        "cadres.PoolSplit",
        content=split_content,
        locked=lambda: PoolSplit.objects.all(),
    )
    integrity.register(
        "cadres.Appraisal",
        content=appraisal_content,
        locked=lambda: Appraisal.objects.filter(status=Appraisal.Status.CLOSED),
    )
