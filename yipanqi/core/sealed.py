"""Model fields sealed at rest (R-PI-5): text and JSON that read and write as usual in Python and
lie in the database as SM4-GCM ciphertext (core.pii), bound to `<app>.<model>.<field>`.

For sensitive values nobody searches by (a resident's ethnicity, political status and notes, a
visit's answers and note). An empty value is stored as NULL, so `filter(note="")` and
`exclude(answers={})` still find the empty rows; any other lookup on a sealed field can match
nothing and is refused. Values read back carry `stale` (sealed with an older key or cipher), which
`rotate_field_keys` uses to re-seal them. Fields that need exact search keep an explicit
`<name>_cipher` / `<name>_digest` pair instead (core.pii.digest).
"""

import json
from typing import Any

from django.core import checks, validators
from django.db import models
from django.db.models.lookups import Exact, IsNull

from yipanqi.core import pii


class OpenedText(str):
    stale = False


class OpenedJSON(dict):
    stale = False


class SealedField(models.BinaryField):
    """Base: the column is binary, the Python value is `self.empty` or a clear value."""

    empty: Any = ""
    description = "A value sealed at rest"

    def __init__(self, *args, max_length=None, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)
        # Characters of the clear value (the ciphertext is longer), checked and read by
        # serializers and forms as a CharField's would be; set after BinaryField counted none.
        self.max_length = max_length
        if max_length:
            self.validators.append(validators.MaxLengthValidator(max_length))

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_not_indexed()]

    def _check_not_indexed(self):
        if not (self.db_index or self.unique):
            return []
        return [checks.Error("A sealed field cannot be indexed.", obj=self, id="yipanqi.E009")]

    @property
    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def get_default(self):
        return self.to_python(super().get_default())

    def get_prep_value(self, value):
        return None if value in (None, self.empty, "") else value

    def get_db_prep_value(self, value, connection, prepared=False):
        value = value if prepared else self.get_prep_value(value)
        if value is None:
            return None
        sealed = pii.encrypt(self.dump(value), context=self.context)
        return connection.Database.Binary(sealed)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return self.to_python(None)
        opened = self.load(pii.decrypt(value, context=self.context))
        opened.stale = not pii.sealed_with_current_key(value)
        return opened

    def _check_str_default_value(self):
        return []  # the default is a clear value (e.g. "汉族"), sealed on save

    def get_lookup(self, lookup_name):
        return {"exact": _EmptyOnly, "isnull": IsNull}.get(lookup_name)

    def value_to_string(self, obj):
        return self.dump(self.value_from_object(obj) or self.empty)


class SealedTextField(SealedField):
    """Short or free text sealed at rest (max_length counts characters of the clear text)."""

    # what the model attribute holds, for django-stubs (a BinaryField's would be bytes)
    _pyi_private_set_type: str
    _pyi_private_get_type: str
    empty = ""

    def dump(self, value) -> str:
        return str(value)

    def load(self, text: str) -> OpenedText:
        return OpenedText(text)

    def to_python(self, value):
        if value is None:
            return ""
        return value if isinstance(value, str) else str(value)

    def formfield(self, **kwargs):
        from django import forms

        field = forms.ChoiceField if self.choices else forms.CharField
        defaults = {"required": not self.blank, "label": self.verbose_name}
        if self.choices:
            defaults["choices"] = self.choices
        else:
            defaults["max_length"] = self.max_length
        return field(**{**defaults, **kwargs})


class SealedJSONField(SealedField):
    """A JSON object sealed at rest (answers to a checklist): a dict in Python."""

    _pyi_private_set_type: dict[str, Any]
    _pyi_private_get_type: dict[str, Any]
    empty: Any = {}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        return None if not value else value

    def dump(self, value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    def load(self, text: str) -> OpenedJSON:
        return OpenedJSON(json.loads(text))

    def to_python(self, value):
        if value is None:
            return {}
        if isinstance(value, str):
            return json.loads(value)
        return value


class _EmptyOnly(Exact):
    """`filter(note="")` works (empty is NULL); comparing with a value could never match."""

    def get_prep_lookup(self):
        if self.rhs not in (None, "", {}):
            raise ValueError("A sealed field can only be compared with its empty value.")
        return super().get_prep_lookup()


def seal_existing(model, source: str, target: str, *, context: str, is_json=False) -> None:
    """For a migration moving a clear column to a sealed one: seal each row's `source` value into
    the `target` column under the field's final context (the target's own name is temporary)."""
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.get_field(target).column)
    sql = f"UPDATE {table} SET {column} = %s WHERE id = %s"  # noqa: S608  # nosec B608: model names
    rows = model._default_manager.exclude(**{source: {} if is_json else ""}).values_list(
        "pk", source
    )
    with connection.cursor() as cursor:
        for pk, value in rows.iterator(chunk_size=2000):
            if value in (None, "", {}):
                continue
            text = json.dumps(value, ensure_ascii=False, sort_keys=True) if is_json else value
            cursor.execute(sql, [pii.encrypt(text, context=context), pk])


def sealing_operations(model_name: str, fields: dict[str, SealedField], seal) -> list:
    """A migration's steps from clear columns to sealed ones: each field is added as
    `<name>_sealed`, `seal` (a RunPython function using `seal_existing`) fills them, then the clear
    column goes and the sealed one takes its name."""
    from django.db import migrations

    steps: list = [migrations.AddField(model_name, f"{n}_sealed", f) for n, f in fields.items()]
    steps.append(migrations.RunPython(seal, migrations.RunPython.noop))
    for name in fields:
        steps.append(migrations.RemoveField(model_name, name))
        steps.append(migrations.RenameField(model_name, f"{name}_sealed", name))
    return steps
