from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from disclosure import owners
        from meetings import recusals
        from projects import figures, panels

        # APT-3's pattern: the tender's items in the column change only through projects.
        owners.register_owner("projects.tender", label=_("the project's tender page"))
        panels.register_all()
        figures.register()
        # PRJ-3: a member who must step aside on a project does not vote on its
        # committee item (meetings asks; projects stands on meetings).
        recusals.register("projects.step_aside", _recused, many=_recused_on)


def _reason(aside) -> str:
    """The rule's own words (projects.errors.MustStepAside, the evaluators' refusal)."""
    from projects import errors

    return str(
        errors.MustStepAside(params={"name": aside.person.name, "bidder": aside.bidder})
    )


def _recused_on(items) -> dict[int, dict[int, str]]:
    """PRJ-3: for the agenda items that are a project's decision item, the people who
    must step aside on that project, with their reason (one query for all items)."""
    from projects.models import StepAside

    found: dict[int, dict[int, str]] = {}
    asides = StepAside.objects.filter(
        project__agenda_item__in=[item.pk for item in items]
    ).select_related("project", "person")
    for aside in asides.order_by("pk"):
        found.setdefault(aside.project.agenda_item_id, {})[aside.person_id] = _reason(
            aside
        )
    return found


def _recused(item) -> dict[int, str]:
    return _recused_on([item]).get(item.pk, {})
