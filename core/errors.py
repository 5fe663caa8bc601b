"""One vocabulary of domain errors.

A service raises a DomainError when a rule of SPEC.md refuses an action. Its message is a
translatable constant (tests assert it exactly); views show it to the user in their
language and nothing is written, because services run in one transaction.
"""

from __future__ import annotations

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


class RecordInvalid(DomainError):
    """SEC-3: a service was given a value its record cannot hold (what `full_clean`
    refuses: a blank name, an unknown choice, a number out of range), field by field in the
    reader's language. `core.history.save_with_history` raises it, so no service lets
    Django's ValidationError escape (a 500 behind any form that let the value through)."""

    rule = "SEC-3"
    message = _("Not saved: %(problems)s")

    @classmethod
    def of(cls, error, obj=None) -> RecordInvalid:
        """From a ValidationError; fields named by `obj`'s verbose names where known."""
        from django.core.exceptions import NON_FIELD_ERRORS
        from django.utils.functional import lazy
        from django.utils.translation import gettext

        def text() -> str:
            if not hasattr(error, "error_dict"):
                return " ".join(error.messages)
            parts = []
            for field, messages in error.message_dict.items():
                joined = " ".join(messages)
                if field == NON_FIELD_ERRORS or obj is None:
                    parts.append(joined)
                else:
                    label = obj._meta.get_field(field).verbose_name
                    parts.append(f"{label}: {joined}")
            return gettext("; ").join(parts)

        return cls(params={"problems": lazy(text, str)()})


def refuses_invalid_input(service):
    """Decorate a write service so that a ValidationError raised anywhere inside it (a
    validator called directly, not only `full_clean`) is refused as `RecordInvalid`. Put it
    above `@transaction.atomic`: the transaction has rolled back by then."""
    import functools

    from django.core.exceptions import ValidationError

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        try:
            return service(*args, **kwargs)
        except ValidationError as invalid:
            raise RecordInvalid.of(invalid) from None

    return wrapper
