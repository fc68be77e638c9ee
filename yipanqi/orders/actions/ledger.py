"""Points and hours (积分台账): crediting a rated round's participants (orders.ledger has the reads).

Each participant is credited once per completion round; the same credit also becomes a
participation on the member's 双报到 registration (people.actions.participation_record).
"""

from decimal import Decimal

from yipanqi.core.actors import system
from yipanqi.orders import permissions as perms
from yipanqi.orders import policies
from yipanqi.orders.choices import LedgerKind
from yipanqi.orders.ledger import source_of, work_day
from yipanqi.orders.models import LedgerEntry, ServiceOrder
from yipanqi.people.actions import participation_record
from yipanqi.people.choices import ParticipationKind
from yipanqi.people.models import PartyMember


def _entry(
    member: PartyMember, kind: str, amount: Decimal, source: str, order: ServiceOrder
) -> None:
    LedgerEntry.objects.get_or_create(
        member=member,
        kind=kind,
        source=source,
        defaults={
            "amount": amount,
            "occurred_on": work_day(order),
            "scope_path": member.scope_path,
            "district_code": member.district_code,
        },
    )


def ledger_credit_participants(*, order: ServiceOrder, solved: bool) -> int:
    """Credit hours and points to each participant of the current round; idempotent by source."""
    source = source_of(order)
    per_hour = Decimal(str(policies.POINTS_PER_HOUR.value(order.district_code)))
    bonus = Decimal(str(policies.SOLVED_BONUS.value(order.district_code))) if solved else Decimal(0)
    credited = 0
    for participant in order.participants.filter(round=order.reopen_count).select_related("member"):
        member = participant.member
        _entry(member, LedgerKind.HOURS, participant.hours, source, order)
        _entry(member, LedgerKind.POINTS, participant.hours * per_hour + bonus, source, order)
        registration = perms.active_registration(member, order.community_id)
        if registration is not None:
            participation_record(
                registration=registration,
                kind=ParticipationKind.SERVICE_ORDER,
                occurred_on=work_day(order),
                hours=float(participant.hours),
                problem_solved=solved,
                source=source,
                note=order.title[:200],
                actor=system("orders.ledger"),
            )
        credited += 1
    return credited
