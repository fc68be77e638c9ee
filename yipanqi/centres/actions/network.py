"""The centre network (1+12+X) and a district's defaults: its service catalogue and 5A scheme."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.centres import defaults
from yipanqi.centres import permissions as perms
from yipanqi.centres.choices import CENTRE_PARENT_LEVEL, CentreLevel
from yipanqi.centres.models import (
    ServiceCentre,
    ServiceItem,
)
from yipanqi.core import audit
from yipanqi.core.errors import Invalid, save_or_conflict
from yipanqi.core.workflow import Actor, created, lock, require_permission, track
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

# The area kind a centre of each level sits in (grassroots centres: a community or village).
LEVEL_AREA_KIND = {
    CentreLevel.DISTRICT: AreaKind.DISTRICT,
    CentreLevel.TOWN: AreaKind.TOWN,
    CentreLevel.GRASSROOTS: AreaKind.COMMUNITY,
}


@dataclass
class CentreSpec:
    """What a new centre is: its area, level and name, where it is and what it offers."""

    area: Area
    level: str
    name: str
    parent: ServiceCentre | None = None
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    opening_hours: str = ""
    staff_on_duty: str = ""
    services: list[ServiceItem] = field(default_factory=list)


def _district_of(area: Area) -> Area:
    return Area.objects.get(path=area.path[: Area.steplen])


@transaction.atomic
def services_ensure_defaults(*, district: Area, actor: Actor) -> list[ServiceItem]:
    """The district's service catalogue, created from the documented defaults when empty."""
    require_permission(actor, perms.can_manage_network, district)
    code = district.district_code
    existing = list(ServiceItem.objects.filter(district_code=code))
    if existing:
        return existing
    items = ServiceItem.objects.bulk_create(
        ServiceItem(district_code=code, name=name, position=i)
        for i, name in enumerate(defaults.DEFAULT_SERVICES)
    )
    audit.record(
        actor=actor,
        action="centres.catalogue.created",
        target=district,
        data={"services": [i.name for i in items]},
    )
    return items


def _check_spec(spec: CentreSpec) -> None:
    if spec.level not in CentreLevel.values:
        raise Invalid(_("Unknown centre level."), code="bad_level")
    if spec.area.kind != LEVEL_AREA_KIND[CentreLevel(spec.level)]:
        raise Invalid(_("A centre of this level belongs to another kind of area."), code="bad_area")
    wanted = CENTRE_PARENT_LEVEL[spec.level]
    parent = spec.parent
    if (parent is None) != (wanted is None) or (parent and parent.level != wanted):
        raise Invalid(_("Choose the centre one level up as the parent."), code="bad_parent")
    if parent and not spec.area.path.startswith(parent.area.path):
        raise Invalid(_("The parent centre must serve an area above."), code="bad_parent")
    if not spec.name.strip():
        raise Invalid(_("Give the centre a name."), code="name_required")
    if (spec.latitude is None) != (spec.longitude is None):
        raise Invalid(_("Give both coordinates or neither."), code="bad_coordinates")


def _new_centre(spec: CentreSpec) -> ServiceCentre:
    _check_spec(spec)
    places = Decimal("0.000001")  # the column's precision, so the audit shows what is stored
    lat, lng = (
        None if v is None else Decimal(v).quantize(places) for v in (spec.latitude, spec.longitude)
    )
    centre = ServiceCentre(
        name=spec.name.strip()[:100],
        level=spec.level,
        parent=spec.parent,
        area=spec.area,
        address=spec.address[:200],
        latitude=lat,
        longitude=lng,
        opening_hours=spec.opening_hours[:200],
        staff_on_duty=spec.staff_on_duty[:300],
    )
    centre.place_in(spec.area)
    return centre


MAIN_FIELDS = ("name", "level", "parent", "area", "address", "latitude", "longitude")


@transaction.atomic
def centre_create(*, spec: CentreSpec, actor: Actor) -> ServiceCentre:
    require_permission(actor, perms.can_manage_network, spec.area)
    centre = _new_centre(spec)
    message = _("This area already has its centre.")
    save_or_conflict(centre, message, code="centre_exists")
    centre.services.set(spec.services)
    audit.record(
        actor=actor,
        action="centres.centre.created",
        target=centre,
        changes=created(centre, *MAIN_FIELDS),
        data={"services": [s.pk for s in spec.services]},
    )
    return centre


@transaction.atomic
def centres_create_bulk(*, specs: Iterable[CentreSpec], actor: Actor) -> list[ServiceCentre]:
    """Many centres of one level at once (the demo, an import): the same checks and one event per
    centre as `centre_create`, in one batch."""
    specs = list(specs)
    for spec in specs:
        require_permission(actor, perms.can_manage_network, spec.area)
    centres = ServiceCentre.objects.bulk_create(_new_centre(spec) for spec in specs)
    links = ServiceCentre.services.through
    links.objects.bulk_create(
        links(servicecentre_id=c.pk, serviceitem_id=s.pk)
        for c, spec in zip(centres, specs, strict=True)
        for s in spec.services
    )
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="centres.centre.created",
            target=c,
            changes=created(c, *MAIN_FIELDS),
            data={"services": [s.pk for s in spec.services]},
        )
        for c, spec in zip(centres, specs, strict=True)
    )
    return centres


@transaction.atomic
def centre_update(
    *,
    centre: ServiceCentre,
    actor: Actor,
    opening_hours: str | None = None,
    staff_on_duty: str | None = None,
    address: str | None = None,
    services: list[ServiceItem] | None = None,
) -> ServiceCentre:
    """Keep a centre's hours, staff on duty, address and services current (its area's admins)."""
    centre = lock(centre)
    require_permission(actor, perms.can_edit_centre, centre)
    edit = track(centre, actor=actor)
    values = {"opening_hours": opening_hours, "staff_on_duty": staff_on_duty, "address": address}
    edit.set(**{k: v.strip() for k, v in values.items() if v is not None})
    also: dict[str, list[Any]] = {}
    if services is not None:
        before = sorted(centre.services.values_list("pk", flat=True))
        after = sorted(s.pk for s in services)
        if before != after:
            centre.services.set(services)
            also["services"] = [before, after]
    edit.finish("centres.centre.updated", also=also)
    return centre
