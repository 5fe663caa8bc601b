"""SEC-1: every projects URL × persona. Objects are built through the services once per world."""

from tests.matrix import Case, public, township_readers, township_staff
from tests.projects import factories as f


def _tender(world):
    if not hasattr(world, "_prj_tender"):
        town = f.town_of(world)
        project = f.tendering(town)
        world._prj_project = project
        world._prj_tender = f.publish(town, project)
    return world._prj_tender


def _project(world):
    _tender(world)
    return world._prj_project


def slug_kw(world):
    return {"slug": world.own.slug}


def project_kw(world):
    return {"slug": world.own.slug, "pk": _project(world).pk}


def tender_kw(world):
    return {"slug": world.own.slug, "pk": _tender(world).pk}


ENTRIES = {
    "projects:list": Case(township_readers(), kwargs=slug_kw),
    "projects:detail": Case(township_readers(), kwargs=project_kw),
    "projects:act": Case(
        township_staff(302),
        kwargs=lambda w: project_kw(w) | {"action": "advance"},
        method="post",
    ),
    "projects:tender": Case(township_readers(), kwargs=tender_kw),
    "projects:tender_act": Case(
        township_staff(302),
        kwargs=lambda w: tender_kw(w) | {"action": "clarify"},
        method="post",
    ),
    "projects:purchases": Case(township_readers(), kwargs=slug_kw),
    "projects:public_list": Case(public(), kwargs=slug_kw),
    "projects:public": Case(public(), kwargs=project_kw),
    "projects:ocds_releases": Case(public(), kwargs=slug_kw),
    "projects:ocds_records": Case(
        public(), kwargs=lambda w: (_project(w), slug_kw(w))[1]
    ),
}
