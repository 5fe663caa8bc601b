"""The cadre roster's own record: since when a cadre or village leader holds the post.

The people themselves are `committees.models.Person`; the app label is `cadres`
(imported by name in `cadres/models.py`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Person, Township


class CadreTenure(models.Model):
    """The roster's dates: since when a cadre or village leader holds the post (item 1)."""

    township = models.ForeignKey(
        Township, on_delete=models.CASCADE, related_name="+", verbose_name=_("township")
    )
    person = models.OneToOneField(
        Person,
        on_delete=models.CASCADE,
        related_name="tenure",
        verbose_name=_("person"),
    )
    post_since = models.DateField(_("in post since"), null=True, blank=True)
    post_until = models.DateField(_("in post until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tenure")
        verbose_name_plural = _("tenures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post_until__isnull=True)
                | models.Q(post_since__isnull=True)
                | models.Q(post_until__gte=models.F("post_since")),
                name="tenure_until_after_since",
            )
        ]

    def __str__(self) -> str:
        return str(self.person)
