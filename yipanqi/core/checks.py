"""Fail closed: a model that says it is scoped must carry the scope columns, indexed.

Every model of a yipanqi app must also say whether it is scoped (`scoped = True`) or why not
(`scoped = "reason"`), so a new table cannot silently escape the scope mechanism.
"""

from django.apps import apps
from django.core import checks

REQUIRED = ("scope_path", "district_code")


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
        return []
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
    return errors


def scope_errors(models) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in models:
        if model._meta.app_config.name.startswith("yipanqi.") and not model._meta.abstract:
            errors.extend(_model_errors(model))
    return errors


@checks.register(checks.Tags.models)
def check_scoped_models(app_configs=None, **kwargs):
    return scope_errors(apps.get_models())
