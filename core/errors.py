"""One vocabulary of domain errors.

A service raises a DomainError when a rule of SPEC.md refuses an action. Its message is a
translatable constant (tests assert it exactly); views show it to the user in their
language and nothing is written, because services run in one transaction.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule refused the action. `message` is shown to the user as it is."""

    message = _("This action is not allowed.")
    rule = ""

    def __init__(
        self, message=None, *, rule: str | None = None, params: dict | None = None
    ):
        if message is not None:
            self.message = message
        if rule is not None:
            self.rule = rule
        self.params = params or {}
        super().__init__(str(self))

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class NotPermitted(DomainError):
    message = _("Your role does not allow this action.")
