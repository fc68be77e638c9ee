"""What API views tell the OpenAPI schema about their inputs (drf-spectacular)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def query_param(
    name: str,
    description: str,
    kind=OpenApiTypes.STR,
    location=OpenApiParameter.QUERY,
    many: bool = False,
) -> OpenApiParameter:
    """An optional parameter of a list or a report: its type (or a schema such as
    `core.params.int_schema(…)`, so the schema states the bounds the view enforces) and what it
    filters; `many` for a list sent as repeated parameters."""
    return OpenApiParameter(
        name, kind, location, required=False, description=description, many=many or None
    )
