"""SEC-1 matrix of the incentive pages (INC-1 … INC-7). The township's staff and the county
reviewer read goals, pay, grades, dossiers and democratic life meetings; every township
person reads the appraisal and the contact points and their own share; personal matters
(INC-6) are the secretary's and the county reviewer's only (and a member's own page)."""

import datetime
from decimal import Decimal

from tests.matrix import Case, expect, township_readers, township_roles

YEAR = 2025
PEOPLE = ("secretary", "clerk", "member", "cadre", "finance_group")
STAFF_READERS = dict(expect(404, secretary=200, clerk=200, reviewer=200))


def _cached(world, name, build):
    if not hasattr(world, name):
        setattr(world, name, build(world))
    return getattr(world, name)


def _split(world):
    def build(w):
        from cadres.incentives import services
        from tests.cadres.incentives.factories import plan

        person = w.a.cadre.person
        plan(person, YEAR, ("100",), ("88",))
        services.grades_record(
            actor=None, township=w.own, year=YEAR, grades={person: "competent"}
        )
        pool = services.pool_set(
            actor=None,
            township=w.own,
            year=YEAR,
            amount=Decimal("1000.00"),
            approval="批复",
        )
        return services.pool_split(actor=None, pool=pool)

    return _cached(world, "_inc_split", build)


def _life_meeting(world):
    def build(w):
        from cadres.incentives import services
        from committees.selectors import committee_members_on

        day = datetime.date(2025, 6, 20)
        present = [m.person for m in committee_members_on(w.own, day)][:10]
        return services.life_meeting_record(
            actor=None,
            township=w.own,
            held_on=day,
            topic="专题民主生活会",
            present=present,
        )

    return _cached(world, "_inc_life", build)


def _graded(world):
    _split(world)  # grades the cadre of township A
    return _person_year(world)


def _year(world):
    return {"slug": world.own.slug, "year": YEAR}


def _person_year(world):
    return {"slug": world.own.slug, "year": YEAR, "person_pk": world.a.cadre.person.pk}


def _run(world):
    return {"slug": world.own.slug, "year": YEAR, "run": _split(world).run}


ENTRIES = {
    "incentives:year": Case(STAFF_READERS, kwargs=_year),
    "incentives:targets_template": Case(
        STAFF_READERS, kwargs=lambda w: {"slug": w.own.slug}
    ),
    "incentives:plan": Case(STAFF_READERS, kwargs=_person_year),
    "incentives:pool": Case(STAFF_READERS, kwargs=_year),
    "incentives:payroll_xlsx": Case(STAFF_READERS, kwargs=_run),
    "incentives:payroll_pdf": Case(STAFF_READERS, kwargs=_run),
    "incentives:my_share": Case(township_roles(*PEOPLE), kwargs=_year),
    "incentives:grades": Case(STAFF_READERS, kwargs=_year),
    "incentives:dossier": Case(STAFF_READERS, kwargs=_person_year),
    "incentives:dossier_pdf": Case(STAFF_READERS, kwargs=_person_year),
    "incentives:notice_pdf": Case(STAFF_READERS, kwargs=_graded),
    "incentives:talks": Case(STAFF_READERS, kwargs=_year),
    "incentives:life_meetings": Case(
        STAFF_READERS, kwargs=lambda w: {"slug": w.own.slug}
    ),
    "incentives:life_meeting": Case(
        STAFF_READERS, kwargs=lambda w: {"slug": w.own.slug, "pk": _life_meeting(w).pk}
    ),
    "incentives:appraisal": Case(township_readers(), kwargs=_year),
    # INC-6: the secretary and the county reviewer; nobody else (clerk, members,
    # auditor, system roles) — 404.
    "incentives:personal_matters": Case(
        expect(404, secretary=200, reviewer=200), kwargs=lambda w: {"slug": w.own.slug}
    ),
    "incentives:my_personal_matters": Case(
        township_roles("secretary", "member"), kwargs=lambda w: {"slug": w.own.slug}
    ),
    "incentives:contact_points": Case(
        township_readers(), kwargs=lambda w: {"slug": w.own.slug}
    ),
    "incentives:member": Case(
        township_readers(),
        kwargs=lambda w: {"slug": w.own.slug, "person_pk": w.a.member.person.pk},
    ),
}
