"""Domain errors raised by actions; the API handler and the pages turn them into messages.

Each carries a stable `code` (for API clients) and a translatable message (for people).
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    code = "invalid"
    status = 400
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, code: str | None = None, fields: dict | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(str(self.message))


class Invalid(DomainError):
    code = "validation_error"
    default_message = _("Some fields are not valid.")


class Forbidden(DomainError):
    code = "permission_denied"
    status = 403
    default_message = _("You do not have permission to do this.")


class Conflict(DomainError):
    code = "conflict"
    status = 409
    default_message = _("This conflicts with the current state; reload and try again.")


class TooManyRequests(DomainError):
    code = "rate_limited"
    status = 429
    default_message = _("Too many requests; wait a while and try again.")


class TooLarge(DomainError):
    code = "request_too_large"
    status = 413
    default_message = _("The request is too large.")


def save_or_conflict(instance, message, *, code: str, **save_kwargs) -> None:
    """Save in a savepoint; a uniqueness clash becomes a Conflict with a stable code (never a 500)."""
    from django.db import IntegrityError, transaction

    try:
        with transaction.atomic():
            instance.save(**save_kwargs)
    except IntegrityError as exc:
        raise Conflict(message, code=code) from exc
