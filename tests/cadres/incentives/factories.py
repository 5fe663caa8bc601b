"""Builders for the incentive tests, through the services."""

from __future__ import annotations

from decimal import Decimal

from cadres.incentives import services
from cadres.incentives.services import TargetInput
from committees import services as committee_services


def cadres(township, names):
    return [
        committee_services.person_create(actor=None, township=township, name=name)
        for name in names
    ]


def plan(person, year, weights=("40", "60"), scores=None):
    made = services.plan_save(
        actor=None,
        township=person.township,
        person=person,
        year=year,
        targets=[
            TargetInput(f"指标{i + 1}", f"完成{i + 1}项", Decimal(w))
            for i, w in enumerate(weights)
        ],
    )
    if scores is not None:
        services.scores_record(
            actor=None,
            plan=made,
            scores={
                t.pk: Decimal(s)
                for t, s in zip(made.targets.all(), scores, strict=True)
            },
        )
    return made
