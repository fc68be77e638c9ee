"""The yearly evaluation of registered units (报到单位年度评议): within the policy's window each
community grades each unit registered with it; the figures come from records, the grade and
comment from the community; the result goes back to the unit's party organisation."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.cobuilding import figures
from yipanqi.cobuilding import permissions as perms
from yipanqi.cobuilding.actions._common import refuse
from yipanqi.cobuilding.choices import Grade
from yipanqi.cobuilding.models import Evaluation
from yipanqi.cobuilding.selectors_town import registration_of
from yipanqi.core import audit
from yipanqi.core.errors import save_or_conflict
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, require_permission, user_of
from yipanqi.organisations.models import Area, PartyOrganisation, Unit


@transaction.atomic
def evaluation_record(
    *,
    community: Area,
    unit: Unit,
    year: int,
    grade: str,
    actor: Actor,
    comment: str = "",
    today: datetime.date | None = None,
) -> Evaluation:
    require_permission(actor, perms.can_evaluate, community)
    opens, closes = figures.window(community.district_code, year)
    if not opens <= (today or timezone.localdate()) <= closes:
        raise refuse(_("The evaluation window is not open."), "window_closed")
    registration = registration_of(unit, community)
    if registration is None:
        raise refuse(_("The unit is not registered with this community."), "not_registered", "unit")
    if grade not in Grade.values:
        raise refuse(_("Choose one of the options."), "bad_grade", "grade")
    evaluation = Evaluation(
        year=year,
        community=community,
        unit=unit,
        registration=registration,
        grade=grade,
        comment=text(comment, "comment", 500, required=False),
        party_organisation=PartyOrganisation.objects.filter(unit=unit).order_by("id").first(),
        evaluated_by=user_of(actor),
        **figures.unit_year(unit_id=unit.pk, community_id=community.pk, year=year),
    )
    evaluation.place_in(community)
    message = _("This unit has already been evaluated for that year.")
    save_or_conflict(evaluation, message, code="already_evaluated")
    audit.record(
        actor=actor,
        action="cobuilding.evaluation.recorded",
        target=evaluation,
        changes=created(
            evaluation, "year", "community", "unit", "grade", "needs_claimed", "projects_completed"
        ),
    )
    return evaluation
