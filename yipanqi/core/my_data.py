"""Helpers for the apps' "my data" sections (core.registry.MyDataSection): rows of
(label, value) pairs with the model's own field names as labels."""

from typing import Any

Row = list[tuple[Any, Any]]


def row(obj: Any, *fields: str) -> Row:
    """(verbose name, shown value) for each field: choice labels, related rows by their name."""
    pairs = []
    for name in fields:
        field = obj._meta.get_field(name)
        display = getattr(obj, f"get_{name}_display", None)
        value = display() if display else getattr(obj, name)
        pairs.append((field.verbose_name, "—" if value in (None, "") else value))
    return pairs
