"""Serializer fields shared by the API's input serializers."""

from django.utils.translation import gettext as _
from rest_framework import serializers

from yipanqi.core.params import MAX_ID


class IdField(serializers.IntegerField):
    """A row id in a request body: 1 ≤ id ≤ 2**63 - 1 (the database's bigint), else a 400.

    Unbounded, a larger number passes validation and overflows in the database driver (a 500).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdKeyedDictField(serializers.DictField):
    """An object keyed by row ids (`{"12": …}`), given to the view keyed by int; a key that is not
    an id (1 ≤ id ≤ 2**63 - 1, ASCII digits) is a 400 naming it.

    The schema cannot say so: OpenAPI 3.0 has no `propertyNames` (decision 016).
    """

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        cleaned, errors = {}, {}
        for key, value in values.items():
            digits = str(key)
            number = (
                int(digits) if digits.isascii() and digits.isdigit() and len(digits) < 20 else 0
            )
            if not 1 <= number <= MAX_ID:
                errors[digits] = [
                    _("Enter a whole number from %(min)d to %(max)d.") % {"min": 1, "max": MAX_ID}
                ]
                continue
            cleaned[number] = value
        if errors:
            raise serializers.ValidationError(errors)
        return cleaned
