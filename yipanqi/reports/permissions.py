"""Who may do what with one-click reports (pure predicates; actions and views ask them)."""

from typing import Any

from yipanqi.organisations.models import Area
from yipanqi.reports.access import node_in_scope


def can_report_on(user: Any, area: Area) -> bool:
    return node_in_scope(user, area.code) is not None


def can_download(user: Any, report: Any) -> bool:
    return can_report_on(user, report.area)
