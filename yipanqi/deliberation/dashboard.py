"""Figures of deliberation for reports and dashboards, computed from records per node and period."""

import datetime
from typing import Any


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    return {}
