"""What the API's serializers output, field by field, tied to the model field each value is read
from (for core/tests/test_field_contract.py, R-AC-4).

While `tracing()` is on, every DRF `Serializer.to_representation` notes, for each field it wrote,
the model row and field the value came from: the last model instance met along the field's
`source` (`member.person.phone_masked` → that person's `phone_masked`; `birth_date.year` → the
person's `birth_date`; `get_kind_display` → `kind`), or, for a field whose source is the whole
object (a method field), the row's field of the same name (`get_political_status` →
`political_status`). Nested serializers note their own fields (their rows are the nested ones).
"""

import contextlib
import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.fields import get_attribute

DISPLAY = re.compile(r"^get_(\w+)_display$")


@dataclass(frozen=True)
class Output:
    """One value a serializer wrote: `serializer.field` ← `label.field` of row `pk`."""

    serializer: str
    field: str
    label: str  # the model's label, e.g. "people.Person"
    model_field: str
    pk: Any
    value: Any  # as output
    clear: Any  # as stored (a foreign key: the id)


_outputs: list[Output] | None = None


def _concrete(model: type[models.Model], name: str) -> models.Field | None:
    if name == "pk":
        return model._meta.pk
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    return None


def source_of(field: serializers.Field, instance: Any) -> tuple[models.Model, models.Field] | None:
    """The row and model field an output field reads, or None (not a model's field)."""
    attrs = list(field.source_attrs) or [field.field_name]  # source "*": the field's own name
    row, holder = None, instance
    for n, attr in enumerate(attrs):
        if isinstance(holder, models.Model):
            name = DISPLAY.sub(r"\1", attr)
            column = _concrete(type(holder), name)
            row = (holder, column) if column is not None else None
        try:
            holder = get_attribute(holder, [attr]) if n < len(attrs) - 1 else None
        except (AttributeError, KeyError, TypeError, ValueError):
            return row
        if holder is None:
            break
    return row


def _note(serializer: serializers.Serializer, instance: Any, ret: dict) -> None:
    for field in serializer._readable_fields:
        if field.field_name not in ret or isinstance(field, serializers.BaseSerializer):
            continue  # skipped, or a nested serializer (it notes its own fields)
        found = source_of(field, instance)
        if found is None:
            continue
        row, column = found
        _outputs.append(  # type: ignore[union-attr]
            Output(
                serializer=type(serializer).__qualname__,
                field=field.field_name,
                label=row._meta.label,
                model_field=column.name,
                pk=row.pk,
                value=ret[field.field_name],
                clear=row.__dict__.get(column.attname),
            )
        )


@contextlib.contextmanager
def tracing():
    """Note every serializer output while inside; yields the list of `Output`s."""
    global _outputs
    original = serializers.Serializer.to_representation

    def to_representation(self, instance):
        ret = original(self, instance)
        if _outputs is not None and isinstance(ret, dict):
            _note(self, instance, ret)
        return ret

    _outputs = []
    serializers.Serializer.to_representation = to_representation
    try:
        yield _outputs
    finally:
        serializers.Serializer.to_representation = original
        _outputs = None
