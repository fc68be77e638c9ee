"""Password policy (R-ID-2): length by account kind and at least three character classes."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

STAFF_MIN_LENGTH = 12
PUBLIC_MIN_LENGTH = 8


class LengthByAccountKindValidator:
    def validate(self, password: str, user=None) -> None:
        minimum = (
            PUBLIC_MIN_LENGTH if getattr(user, "kind", "staff") == "public" else STAFF_MIN_LENGTH
        )
        if len(password) < minimum:
            raise ValidationError(
                _("The password must contain at least %(min)d characters.") % {"min": minimum},
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return _("Staff passwords need at least %(min)d characters.") % {"min": STAFF_MIN_LENGTH}


class CharacterClassValidator:
    classes = (string.ascii_lowercase, string.ascii_uppercase, string.digits)

    def validate(self, password: str, user=None) -> None:
        found = sum(any(c in cls for c in password) for cls in self.classes)
        found += any(not c.isalnum() for c in password)
        if found < 3:
            raise ValidationError(
                _(
                    "The password must mix at least three of: lower-case letters, upper-case "
                    "letters, digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Mix at least three of: lower-case, upper-case, digits, symbols.")
