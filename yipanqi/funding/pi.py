"""Processing register (core.processing): community funding. A payee or payer may be a person
(a craftsman paid for a repair), so expenses and income are held as ordinary personal data."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "funding_books",
            _("Community funds: expenses with payees and evidence, own income with payers"),
            "statutory_duty",
            _("30 years (accounting records)"),
            ("district_admin", "town_admin", "community_admin"),
        ),
    ),
    {
        "funding.Expense.payee": (ORDINARY, "funding_books"),
        "funding.Expense.purpose": (ORDINARY, "funding_books"),
        "funding.Expense.decision_note": (ORDINARY, "funding_books"),
        "funding.Expense.overspend_reason": (ORDINARY, "funding_books"),
        "funding.Income.payer": (ORDINARY, "funding_books"),
        "funding.Income.note": (ORDINARY, "funding_books"),
        "funding.AllocationRun.reason": (NOT_PERSONAL, "why a run was corrected"),
        "funding.FundingRule.note": (NOT_PERSONAL, "a note on a district's rules"),
        "funding.Project.name": (NOT_PERSONAL, "a venue construction project"),
        "funding.Project.address": (NOT_PERSONAL, "where a public venue is built"),
        "funding.Project.progress_note": (NOT_PERSONAL, "construction progress"),
    },
)
