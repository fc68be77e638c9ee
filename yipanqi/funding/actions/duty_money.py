"""费随事转: the money an admitted duty (准入事项) brings with it flows into the funding books as a
budget line of the duty fund of every community that carries the duty, for one year at a time.

The access request (duties app) names the money per receiving node and year; the district's
finance credits it here, once per duty, community and year (409 `already_credited`). Only an
admitted duty that communities carry now can be credited (409 `not_admitted`,
`no_community_carriers`), and not for a year before it starts (400 `before_start`).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.inputs import require_year
from yipanqi.core.workflow import Actor, created, require_permission, track, user_of
from yipanqi.duties import selectors as duties
from yipanqi.duties.choices import RequestStatus
from yipanqi.duties.models import AccessRequest
from yipanqi.funding import permissions as perms
from yipanqi.funding.actions._common import fen
from yipanqi.funding.choices import Fund
from yipanqi.funding.models import BudgetLine, DutyMoney
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


def _checked_carriers(request: AccessRequest, year: int) -> list[Area]:
    if request.status != RequestStatus.APPROVED:
        raise Conflict(_("Only an admitted duty brings money with it."), code="not_admitted")
    if year < request.starts_on.year:
        message = _("The duty starts in %(year)s: credit its money from that year on.") % {
            "year": request.starts_on.year
        }
        raise Invalid(message, code="before_start", fields={"year": [message]})
    areas = [c.area for c in duties.carriers(request=request)]
    communities = [a for a in areas if a.kind == AreaKind.COMMUNITY]
    if not communities:
        raise Conflict(
            _("No community carries this duty: there is no community budget to credit."),
            code="no_community_carriers",
        )
    return communities


def _credit(
    community: Area, year: int, amount: int, request: AccessRequest, actor: Actor
) -> BudgetLine:
    """The community's duty-fund line for the year, opened with or raised by `amount`."""
    row = (
        BudgetLine.objects.select_for_update()
        .filter(community=community, year=year, fund=Fund.DUTY)
        .first()
    )
    if row is None:
        row = BudgetLine(community=community, year=year, fund=Fund.DUTY, amount_fen=amount)
        row.place_in(community)
        row.save()
        changes = created(row, "community", "year", "fund", "amount_fen")
        audit.record(actor=actor, action="funding.budget.opened", target=row, changes=changes)
        return row
    edit = track(row, actor=actor)
    edit.set(amount_fen=row.amount_fen + amount)
    edit.finish("funding.budget.credited", duty=request.pk)
    return row


@transaction.atomic
def duty_money_credit(*, request: AccessRequest, year: int, actor: Actor) -> list[DutyMoney]:
    """Credit the duty's money for `year` to the duty fund of each community carrying it."""
    require_permission(actor, perms.can_credit_duty_money, request.scope_path)
    year = require_year(year)
    amount = fen(request.money_fen, "money_fen")
    communities = _checked_carriers(request, year)
    done = DutyMoney.objects.filter(request=request, budget__year=year)
    if done.exists():
        raise Conflict(
            _("This duty's money for %(year)s has already been credited.") % {"year": year},
            code="already_credited",
        )
    rows = []
    for community in communities:
        budget = _credit(community, year, amount, request, actor)
        row = DutyMoney(
            request=request, budget=budget, amount_fen=amount, credited_by=user_of(actor)
        )
        row.place_in(community)
        row.save()
        changes = created(row, "request", "budget", "amount_fen")
        audit.record(actor=actor, action="funding.duty_money.credited", target=row, changes=changes)
        rows.append(row)
    return rows
