"""What party life holds about the signed-in person (R-PI-7): meetings attended, dues (the base
masked: its clear value is on their own page), transfers."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from yipanqi.core import registry
from yipanqi.core.my_data import Row, row
from yipanqi.partylife.models import Attendance, DuesBase, DuesPayment, Transfer


def party_life(user: Any) -> list[Row]:
    own = {"member__person__user": user}
    attended = Attendance.objects.filter(**own).select_related("meeting").order_by("id")
    rows = [row(a.meeting, "held_on", "kind", "topic") + row(a, "status") for a in attended]
    bases = DuesBase.objects.filter(**own).order_by("year")
    rows += [row(b, "year", "category", "base_masked", "monthly_fen") for b in bases]
    payments = DuesPayment.objects.filter(**own).order_by("month")
    rows += [row(p, "month", "amount_fen", "paid_on", "channel", "receipt_no") for p in payments]
    transfers = Transfer.objects.filter(**own).select_related("from_org", "to_org").order_by("id")
    rows += [row(t, "from_org", "to_org", "outside_org", "status") for t in transfers]
    return rows


SECTION = registry.MyDataSection("partylife", _("Party life"), party_life, 25)
