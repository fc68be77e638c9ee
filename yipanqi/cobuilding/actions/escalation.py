"""A record its community could not settle alone goes to the town's co-building council as a hard
problem (难题会办): a service order nobody can serve, a grid incident beyond the grid, a
deliberation topic beyond the hall. The record is read by the caller through its own app's
selectors (so out of scope is "not found" there); here it is only looked at, never written."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from yipanqi.cobuilding import selectors_refs as refs
from yipanqi.cobuilding.actions._common import refuse
from yipanqi.cobuilding.actions.problems import problem_raise
from yipanqi.cobuilding.choices import ProblemSource
from yipanqi.cobuilding.models import HardProblem
from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import Actor
from yipanqi.deliberation.models import Topic
from yipanqi.grid.models import Incident
from yipanqi.orders.models import ServiceOrder
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


def _source_of(record: Any) -> tuple[str, Area]:
    """The kind of a record and the community it belongs to."""
    if isinstance(record, ServiceOrder):
        return ProblemSource.ORDER, record.community
    if isinstance(record, Incident):
        return ProblemSource.INCIDENT, record.community
    if isinstance(record, Topic):
        area = record.grid or record.body.area
        return ProblemSource.TOPIC, area.parent if area.kind == AreaKind.GRID else area
    raise TypeError(f"no hard problem comes from {type(record).__name__}")


@transaction.atomic
def problem_escalate(
    *, record: Any, actor: Actor, title: str = "", description: str = ""
) -> HardProblem:
    """Put `record` to its town's council, once (a second time is 409 `already_escalated`);
    the title and description default to the record's own."""
    kind, community = _source_of(record)
    council = refs.council_of(refs.town_of(community))
    if council is None:
        raise refuse(_("This town has no co-building council yet."), "no_council")
    if HardProblem.objects.filter(source_kind=kind, source_id=record.pk).exists():
        raise _already()
    try:
        with transaction.atomic():  # the unique constraint decides a race between two admins
            return problem_raise(
                council=council,
                community=community,
                title=title or record.title,
                description=description or record.description,
                actor=actor,
                source=(kind, record.pk),
            )
    except IntegrityError as clash:
        raise _already() from clash


def _already() -> Conflict:
    return Conflict(_("This record is already with the council."), code="already_escalated")
