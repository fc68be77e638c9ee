"""Figures of the bodies registry for reports and dashboards, computed from records per node and period.

- `part_time_committee_members`: seats of part-time members (兼职委员) on the big committees
  (大党委 / 大党工委) of towns and streets under the node whose term overlaps [start, end] (the
  seed's 27).
"""

import datetime
from typing import Any

from django.db.models import Q

from yipanqi.organisations.choices import AreaKind, BodyKind, MemberRole
from yipanqi.organisations.models import BodyMembership


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    seats = BodyMembership.objects.filter(
        Q(term_end__isnull=True) | Q(term_end__gte=start),
        scope_path__startswith=path,
        role=MemberRole.PART_TIME_MEMBER,
        body__kind=BodyKind.BIG_COMMITTEE,
        body__area__kind=AreaKind.TOWN,
        term_start__lte=end,
    )
    return {"part_time_committee_members": seats.count()}


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "part_time_committee_members": {
        "zh": "镇街大党（工）委兼职委员",
        "en": "Part-time members of town committees",
        "unit": "人",
        "definition": "镇（街道）大党（工）委中任期覆盖本期的兼职委员人数",
    },
}
