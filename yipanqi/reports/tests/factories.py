"""Reports made for tests: asked for through the action and built the way the worker builds them."""

from typing import Any

from yipanqi.reports import actions, periods

YEAR = periods.year(2021)


def ready_report(area: Any, actor: Any, fmt: str = "xlsx", period: Any = YEAR) -> Any:
    report = actions.report_request(area=area, period=period, fmt=fmt, actor=actor, enqueue=False)
    return actions.report_build(report_id=report.pk)


def queued_reports(district: Any) -> list[Any]:
    """A one-click report of A1 (asked by A1's admin) and one of B1 (by B1's): queued, as the
    worker does not run in tests (the API fuzz world: each community has the other's ids)."""
    a1, _a2, b1, _b2 = district.communities
    return [
        actions.report_request(area=area, period=YEAR, fmt="xlsx", enqueue=False,
                               actor=district.personas[admin])
        for area, admin in ((a1, "community_admin_a1"), (b1, "community_admin_b1"))
    ]  # fmt: skip
