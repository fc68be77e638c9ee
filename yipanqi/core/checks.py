"""Fail closed: a model that says it is scoped must carry the scope columns, indexed.

Every model of a yipanqi app must also say whether it is scoped (`scoped = True`) or why not
(`scoped = "reason"`), so a new table cannot silently escape the scope mechanism. A declared reach
(`scope_reach`) must be well formed: a misspelt action would silently reach nothing.
"""

from django.apps import apps
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from yipanqi.core.scope import Reach

REQUIRED = ("scope_path", "district_code")


def _reach_problems(model) -> list[str]:
    declared = getattr(model, "scope_reach", ())
    if not isinstance(declared, tuple | list):
        return ["`scope_reach` must be a tuple of core.scope.Reach"]
    if declared and getattr(model, "scoped", None) is not True:
        return ["declares `scope_reach` but is not scoped"]
    problems, names = [], set()
    policy = getattr(model, "scope_policy", {})
    for reach in declared:
        if not isinstance(reach, Reach):
            problems.append(f"{reach!r} in `scope_reach` is not a core.scope.Reach")
            continue
        if not reach.name or reach.name in names:
            problems.append(f"reach {reach.name!r} needs a unique, non-empty name")
        names.add(reach.name)
        if not callable(reach.condition):
            problems.append(f"reach {reach.name!r} has no callable condition")
        unknown = sorted(a for a in reach.actions if a not in policy)
        if not reach.actions:
            problems.append(f"reach {reach.name!r} applies to no action")
        if unknown:
            problems.append(f"reach {reach.name!r} names actions outside scope_policy: {unknown}")
    return problems


def _reach_errors(model) -> list[checks.CheckMessage]:
    label = model._meta.label
    return [
        checks.Error(f"{label}: {problem}.", id="yipanqi.E004", obj=model)
        for problem in _reach_problems(model)
    ]


def _model_errors(model) -> list[checks.CheckMessage]:
    label = model._meta.label
    marker = getattr(model, "scoped", None)
    # Only True or a written reason counts; None, False, "" or any other value fails closed.
    declared = marker is True or (isinstance(marker, str) and marker.strip() != "")
    if not declared:
        return [
            checks.Error(
                f"{label} does not declare `scoped` (True, or a string saying why it is unscoped).",
                id="yipanqi.E001",
                obj=model,
            )
        ]
    if marker is not True:
        return _reach_errors(model)
    errors = []
    names = {f.name: f for f in model._meta.get_fields() if hasattr(f, "db_index")}
    for column in REQUIRED:
        field = names.get(column)
        if field is None or not (field.db_index or field.unique):
            errors.append(
                checks.Error(
                    f"{label} is scoped but lacks an indexed `{column}` column.",
                    id="yipanqi.E002",
                    obj=model,
                )
            )
    if not hasattr(model._default_manager, "for_user"):
        errors.append(
            checks.Error(
                f"{label} is scoped but its manager has no for_user().",
                id="yipanqi.E003",
                obj=model,
            )
        )
    return errors + _reach_errors(model)


def scope_errors(models) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in models:
        if model._meta.app_config.name.startswith("yipanqi.") and not model._meta.abstract:
            errors.extend(_model_errors(model))
    return errors


@checks.register(checks.Tags.models)
def check_scoped_models(app_configs=None, **kwargs):
    return scope_errors(apps.get_models())


@checks.register()
def check_processing_register(app_configs=None, **kwargs):
    """R-PI-1: every field that looks personal is classified in its app's `pi.py`, and the
    register names only fields, models and activities that exist."""
    from yipanqi.core import processing

    errors = [
        checks.Error(
            f"{target} looks like personal information but is not classified.",
            hint="Classify it in the app's pi.py (core.processing): sensitive, ordinary or "
            "not_personal with the reason.",
            id="yipanqi.E006",
        )
        for target in processing.unclassified()
    ]
    errors += [
        checks.Error(f"Processing register: {problem}.", id="yipanqi.E006")
        for problem in processing.dangling()
    ]
    return errors


@checks.register()
def check_audit_retention(app_configs=None, **kwargs):
    """R-AU-5: the audit trail is kept at least 180 days; a shorter setting does not start."""
    from yipanqi.core.audit_retention import RetentionTooShort, retention_days

    try:
        retention_days()
    except RetentionTooShort as exc:
        return [checks.Error(str(exc), hint="Set YIPANQI_AUDIT_RETENTION_DAYS ≥ 180.",
                             id="yipanqi.E007")]  # fmt: skip
    return []


@checks.register()
def check_field_keys(app_configs=None, **kwargs):
    """R-PI-5: a known cipher and digest, and keys that open (an envelope the KMS refuses, a key of
    the wrong length) stop the start, rather than the first resident's save."""
    from django.conf import settings

    from yipanqi.core import keys, pii

    problems = []
    if settings.YIPANQI_FIELD_CIPHER not in pii.VERSIONS:
        problems.append(f"YIPANQI_FIELD_CIPHER must be one of {', '.join(pii.VERSIONS)}")
    if settings.YIPANQI_INDEX_HASH not in pii.INDEX_HASHES:
        problems.append(f"YIPANQI_INDEX_HASH must be one of {', '.join(pii.INDEX_HASHES)}")
    try:
        keys.field_keys(), keys.index_key()
    except (ImproperlyConfigured, ValueError) as exc:
        problems.append(str(exc))
    return [checks.Error(p, id="yipanqi.E008") for p in problems]
