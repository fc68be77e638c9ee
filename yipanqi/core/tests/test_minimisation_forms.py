"""R-PI-2, minimisation, for the HTML page forms (the API side is `test_minimisation.py`).

The walk finds every form class the pages use, by rule: the `forms*` module or `forms/` package
of every yipanqi app, every other yipanqi module (tests and migrations aside) that declares a
class whose base is named `...Form`, and the root URLconf (which imports every page's view); then
every `django.forms.BaseForm` subclass defined in a yipanqi module. A new app's forms are walked
unasked. There are no ModelForms; every form is a plain form that an action stores.

Proven:
- every declared field whose name looks personal by the register's own test
  (`core.processing.LOOKS_PERSONAL`) is named by the register of the form's app, or is kept under
  another name at a registered field (the API test's `STORED_AS`, plus `FORM_STORED_AS` here);
- optional is really optional (the dynamic variant): every form with optional fields, bound with
  only its required fields, each given a plain value of its kind, names no optional field in its
  errors. The static variant (a model field with blank=True makes the form field optional) was
  rejected: a refusal's reason is required by that step although the column is blank on the rows
  that were never refused.

Not covered: fields a form adds in `__init__` (one per criterion, question or budget line) are not
in the name walk; the choices a view passes to a form are given empty, so a required choice is
then missing (allowed: only optional fields are looked at). The actions behind the forms are not
run: a step that needs a reason only in some cases is the action's rule, tested with the app.
"""

import ast
import functools
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet

from yipanqi.core import processing
from yipanqi.core.tests.test_minimisation import STORED_AS, registered_names

ROOT = Path(__file__).resolve().parents[2]  # the yipanqi package

# Form fields kept under another name, beyond the API's STORED_AS (checked below).
FORM_STORED_AS = {
    ("accounts", "reason"): "core.AuditEvent.data",  # 2FA reset, lock lifted: audit only
    ("accounts", "ip_address"): "core.AuditEvent.data",  # the lock lifted, from its row
    ("grid", "follow_up_description"): "grid.Incident.description",  # or the order's
}
KEPT_AS = {**STORED_AS, **FORM_STORED_AS}


def _is_own(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "yipanqi" and "tests" not in parts and "migrations" not in parts


def _declares_a_form(path: Path) -> bool:
    classes = (n for n in ast.walk(ast.parse(path.read_text())) if isinstance(n, ast.ClassDef))
    return any(ast.unparse(b).endswith("Form") for c in classes for b in c.bases)


def form_modules() -> set[str]:
    """Each app's `forms*` modules and `forms/` package, and any module declaring a form."""
    names = set()
    for config in apps.get_app_configs():
        if not _is_own(config.name):
            continue
        folder = Path(config.path)
        found = [*folder.glob("forms*.py"), *folder.glob("forms/*.py")]
        found += [p for p in folder.rglob("*.py") if _declares_a_form(p)]
        names |= {".".join(p.relative_to(ROOT.parent).with_suffix("").parts) for p in found}
    return {n.removesuffix(".__init__") for n in names if _is_own(n)}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@functools.cache
def form_classes() -> list[type[forms.BaseForm]]:
    for name in sorted(form_modules()):
        importlib.import_module(name)
    importlib.import_module(settings.ROOT_URLCONF)
    found = {c for c in _subclasses(forms.BaseForm) if _is_own(c.__module__)}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def app_of(form) -> str:
    return apps.get_containing_app_config(form.__module__).label


def personal_fields() -> list[tuple[type, str]]:
    return [
        (form, name)
        for form in form_classes()
        for name in form.base_fields
        if processing.LOOKS_PERSONAL.search(name)
    ]


def test_the_walk_finds_the_forms_and_their_personal_fields():
    modules = {form.__module__ for form in form_classes()}
    assert len(form_classes()) >= 100 and len(modules) >= 20
    assert len(personal_fields()) >= 60
    assert {"yipanqi.people.views_io", "yipanqi.socialorgs.forms_admin"} <= modules


def test_the_renamed_form_fields_land_on_registered_fields():
    targets = {entry.target for entry in processing.entries()}
    assert set(FORM_STORED_AS.values()) - targets == set()


def test_every_personal_field_a_form_takes_is_in_its_apps_register():
    registered = registered_names()
    unlisted = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form, name in personal_fields()
        if name not in registered[app_of(form)] and (app_of(form), name) not in KEPT_AS
    ]
    assert unlisted == []


def _first_choice(field):
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            return label[0][0] if label else None
        if value not in ("", None):
            return str(value)
    return None


def value_for(field):
    """A plain valid value of the field's kind (None: the form is given nothing for it)."""
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        choice = _first_choice(field)
        many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        return [choice] if many and choice is not None else choice
    kinds = [
        (forms.BooleanField, "on"),
        (forms.DateTimeField, "2025-03-03 09:30"),
        (forms.DateField, "2025-03-03"),
        (forms.TimeField, "09:30"),
        (forms.GenericIPAddressField, "192.0.2.1"),
        (forms.EmailField, "someone@example.org"),
        (forms.IntegerField, str(max(getattr(field, "min_value", None) or 1, 1))),
    ]
    return next((value for kind, value in kinds if isinstance(field, kind)), "测试文本")


class _Nothing(QuerySet):
    """The choices a view passes, empty: a queryset with no rows that also adds to a list."""

    def __radd__(self, other):
        return list(other)


def nothing() -> QuerySet:
    return _Nothing(model=apps.get_model("core", "AuditEvent")).none()


def built(form_class, data: dict):
    """The form as a view builds it, with empty choices wherever the view passes its own."""
    inits = [
        c.__init__ for c in form_class.__mro__ if _is_own(c.__module__) and "__init__" in vars(c)
    ]
    params = [p for init in inits for p in inspect.signature(init).parameters.values()]
    needed = {
        p.name: nothing() for p in params if p.kind == p.KEYWORD_ONLY and p.default is p.empty
    }
    form = form_class(data, {}, **needed)
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset is None:
            field.queryset = nothing()
    return form


def _optional_cases():
    return [c for c in form_classes() if not all(f.required for f in c.base_fields.values())]


def with_required_only(form_class):
    """The form bound with a plain value for each required field and nothing else."""
    fields = built(form_class, {}).fields
    values = {name: value_for(field) for name, field in fields.items() if field.required}
    form = built(form_class, {name: v for name, v in values.items() if v is not None})
    form.is_valid()
    return form


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", _optional_cases(), ids=lambda c: f"{app_of(c)}.{c.__name__}")
def test_an_optional_form_field_left_out_is_never_asked_for(form_class):
    form = with_required_only(form_class)
    optional = {name for name, field in form.fields.items() if not field.required}
    assert set(form.errors) & optional == set(), form.errors


def test_the_plain_values_make_most_forms_valid(db):
    """The values are real: 43 of the 66 forms with optional fields are valid with them alone
    (the others lack only a choice the view would pass, or a file)."""
    valid = [c for c in _optional_cases() if with_required_only(c).is_valid()]
    assert len(valid) >= 40, len(valid)
