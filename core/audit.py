"""Which models are business records (AUD-1): every concrete model of the domain apps."""

from django.apps import apps

BUSINESS_APPS = (
    "committees",
    "meetings",
    "cadres",
    "finance",
    "projects",
    "disclosure",
    "oversight",
)


def business_models() -> list:
    found = []
    for app_label in BUSINESS_APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.abstract or model.__name__.startswith("Historical"):
                continue
            if getattr(model, "DERIVED", False):
                continue  # recomputed from business records, e.g. oversight.KeptFigure
            found.append(model)
    return found
