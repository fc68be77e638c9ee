"""Party life's cards on the home page (core.home): a branch officer's work this period, the
administrators' branches behind and transfers to decide, a member's own dues and transfer, and
the party-life figures of an administrator's area. Each card costs a fixed number of queries."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, percent, todo, url
from yipanqi.organisations.permissions import widest_area
from yipanqi.partylife import dashboard, selectors, selectors_work
from yipanqi.partylife.choices import OPEN_TRANSFER
from yipanqi.partylife.compliance import DUE, BranchCompliance, branch_compliance

DESK = "partylife:desk"


def _this_year(branches: list[Any], today: datetime.date) -> list[BranchCompliance]:
    return branch_compliance(
        branches, start=datetime.date(today.year, 1, 1), end=today, today=today
    )


def due_now(rows: list[BranchCompliance]) -> int:
    """Required meetings of the current month or quarter not held yet (kind × branch)."""
    return sum(1 for row in rows for kind in row.kinds if kind.current == DUE)


def secretary_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """The officer's branches (书记 / 党费收缴员): meetings still due this period and missed this
    year, records to confirm, members in arrears, transfers to approve and to receive."""
    branches = selectors_work.officer_branches(user=user)
    if not branches:
        return None
    today = timezone.localdate()
    rows = _this_year(branches, today)
    one = branches[0] if len(branches) == 1 else None
    desk = url(DESK, branch=one.pk) if one else url(DESK)
    meetings = url("partylife:meeting_list", one.pk, status="recorded") if one else desk
    to_confirm = selectors_work.meetings_to_confirm(user=user, branches=branches).count()
    arrears = selectors_work.members_in_arrears(branches=branches, today=today).count()
    return card(
        pgettext_lazy("home", "Branch party life"),
        area=one.name if one else None,
        todos=[
            todo(pgettext_lazy("home", "meetings still due this period"), due_now(rows), desk),
            todo(
                pgettext_lazy("home", "required meetings missed this year"),
                sum(r.missed for r in rows),
                url("partylife:compliance", behind=1),
                alert=True,
            ),
            todo(pgettext_lazy("home", "meeting records to confirm"), to_confirm, meetings),
            todo(pgettext_lazy("home", "members with dues unpaid"), arrears, desk),
            *_transfer_todos(user),
        ],
        more=(pgettext_lazy("home", "Branch desk"), desk),
    )


def _transfer_todos(user: Any) -> list[dict[str, Any]]:
    approve = selectors_work.transfers_to_approve(user=user).count()
    receive = selectors_work.transfers_to_receive(user=user)
    overdue = receive.filter(escalated=True).count()
    todos = [
        todo(
            pgettext_lazy("home", "transfers to approve"),
            approve,
            url("partylife:transfers", side="approve"),
        ),
        todo(
            pgettext_lazy("home", "transfers to receive"),
            receive.count(),
            url("partylife:transfers", side="receive"),
        ),
    ]
    if overdue:
        todos.append(
            todo(
                pgettext_lazy("home", "transfers to receive, overdue"),
                overdue,
                url("partylife:transfers", side="receive"),
                alert=True,
            )
        )
    return todos


def admin_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """Street and district: branches behind this year, branches yet to hold this period's
    meetings, and transfers waiting for the administrator."""
    today = timezone.localdate()
    rows = _this_year(list(selectors.active_branches(user=user)), today)
    return card(
        pgettext_lazy("home", "Branches' party life"),
        todos=[
            todo(
                pgettext_lazy("home", "branches behind this year"),
                sum(1 for r in rows if r.missed),
                url("partylife:compliance", behind=1),
                alert=True,
            ),
            todo(
                pgettext_lazy("home", "branches with meetings still due this period"),
                sum(1 for r in rows if due_now([r])),
                url("partylife:compliance"),
            ),
            *_transfer_todos(user),
        ],
        more=(pgettext_lazy("home", "Meeting compliance"), url("partylife:compliance")),
    )


def member_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    """A party member's own: months of this year's dues unpaid and their open transfer."""
    member = selectors.member_of_user(user=user)
    if member is None:
        return None
    today = timezone.localdate()
    base, payments = selectors.my_dues(user=user, year=today.year)
    paid = {p.month.month for p in payments}
    unpaid = [m for m in selectors.months_due(today.year, today) if m not in paid]
    mine = url("partylife:mine")
    open_transfers = selectors.my_transfers(user=user).filter(status__in=OPEN_TRANSFER)
    return card(
        pgettext_lazy("home", "My party life"),
        todos=[
            todo(pgettext_lazy("home", "months of dues unpaid"), len(unpaid) if base else 0, mine),
            todo(pgettext_lazy("home", "my transfer in progress"), open_transfers.count(), mine),
        ],
        more=(pgettext_lazy("home", "Pay dues"), mine),
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "branch meetings held"), numbers["branch_meetings_held"]),
        figure(
            pgettext_lazy("home", "required meetings held"),
            percent(numbers["branch_meeting_compliance"]),
        ),
        figure(
            pgettext_lazy("home", "party dues collected (yuan)"), numbers["dues_collected_yuan"]
        ),
        figure(pgettext_lazy("home", "transfers completed"), numbers["transfers_completed"]),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Party life"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
        more=(pgettext_lazy("home", "Dues remittance"), url("partylife:remittance", year=year)),
    )
