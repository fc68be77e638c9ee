"""Points and hours (积分台账), double-entry style: every credit names its source, balances are sums.

The credits are written by `orders.actions.ledger_credit_participants` when a round is rated; this
module holds what reads them.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from yipanqi.orders.choices import LedgerKind
from yipanqi.orders.models import LedgerEntry, ServiceOrder


def source_of(order: ServiceOrder) -> str:
    return f"orders.serviceorder:{order.pk}:{order.reopen_count}"


def work_day(order: ServiceOrder) -> datetime.date:
    """The local day the work was done (a 07:00 Beijing-time completion on 1 January belongs to the
    new year, although it is still 31 December in UTC)."""
    return timezone.localdate(order.done_at or order.placed_at)


def balance(member, kind: str = LedgerKind.POINTS) -> Decimal:
    total = LedgerEntry.objects.filter(member=member, kind=kind).aggregate(total=Sum("amount"))[
        "total"
    ]
    return total or Decimal(0)
