"""The Fenghua 2021 demo's deliberation records."""

from typing import Any


def build_deliberation(demo: Any) -> None:
    pass


def deliberation_counts() -> dict[str, int]:
    return {}
