"""A town's evaluation standing: registered units each community has not evaluated by the end of
the window (flagged on the town's page)."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from yipanqi.cobuilding.figures import window
from yipanqi.cobuilding.models import Evaluation
from yipanqi.organisations.models import Area
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.models import CommunityRegistration

ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)


def last_closed_year(district_code: str, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    year = today.year - 1
    while window(district_code, year)[1] >= today:
        year -= 1
    return year


def registered_units(*, area: Area) -> Any:
    return CommunityRegistration.objects.filter(
        kind=RegistrationKind.UNIT, status__in=ACTIVE, scope_path__startswith=area.path
    ).select_related("unit", "community")


def flagged_year(town: Area) -> int:
    """The round the town page flags: the latest closed one in which the town evaluated anyone
    (a town that has not started evaluating: the latest closed one)."""
    closed = last_closed_year(town.district_code)
    rows = Evaluation.objects.filter(scope_path__startswith=town.path, year__lte=closed)
    latest = rows.order_by("-year").values_list("year", flat=True).first()
    return latest or closed


def unevaluated_units(*, town: Area, year: int | None = None) -> dict[str, Any]:
    year = year or flagged_year(town)
    done = Evaluation.objects.filter(
        year=year, unit_id=OuterRef("unit_id"), community_id=OuterRef("community_id")
    )
    rows = registered_units(area=town).annotate(done=Exists(done)).filter(done=False)
    return {"year": year, "rows": list(rows.order_by("community__path", "unit__name")[:100])}


def registration_of(unit: Any, community: Area) -> CommunityRegistration | None:
    """The unit's active registration with the community (双报到), if any."""
    rows = CommunityRegistration.objects.filter(
        kind=RegistrationKind.UNIT, unit=unit, community=community, status__in=ACTIVE
    )
    return rows.order_by("id").first()
