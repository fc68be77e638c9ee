"""Every free-text field has one maximum length, declared on the model and enforced by forms,
serializers and imports alike: nothing accepts a 2 MB note."""

from django.apps import apps
from django.db import models
from drf_spectacular.generators import SchemaGenerator


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("yipanqi.")]


def test_every_text_field_of_the_project_has_a_maximum_length():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for model in _project_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not field.max_length
    ]
    assert unbounded == []


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _unbounded_strings(schema: dict, node: dict, where: str, seen: set) -> list[str]:
    if "$ref" in node:
        if node["$ref"] in seen:
            return []
        seen = seen | {node["$ref"]}
    node = _resolve(schema, node)
    found: list[str] = []
    for key in ("allOf", "oneOf", "anyOf"):
        for part in node.get(key, []):
            found += _unbounded_strings(schema, part, where, seen)
    if node.get("type") == "array":
        found += _unbounded_strings(schema, node.get("items", {}), f"{where}[]", seen)
    for name, prop in node.get("properties", {}).items():
        if prop.get("readOnly"):
            continue
        resolved = _resolve(schema, prop)
        fixed = "enum" in resolved or resolved.get("format") in {
            "date",
            "date-time",
            "time",
            "binary",
            "decimal",
        }
        if resolved.get("type") == "string" and not fixed and "maxLength" not in resolved:
            found.append(f"{where}.{name}")
        else:
            found += _unbounded_strings(schema, prop, f"{where}.{name}", seen)
    return found


def test_every_string_the_api_accepts_has_a_maximum_length():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    unbounded = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                where = f"{method.upper()} {path}"
                unbounded += _unbounded_strings(schema, media.get("schema", {}), where, set())
    assert sorted(set(unbounded)) == []
