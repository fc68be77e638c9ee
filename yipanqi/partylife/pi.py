"""Processing register (core.processing): branch organisational life, party dues and transfers
of membership — all of it party-membership data (sensitive, docs/decisions/006)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import SENSITIVE, Activity, declare

declare(
    (
        Activity(
            "party_life",
            _(
                "Branch organisational life (三会一课), party dues and transfers of membership "
                "(党员组织生活、党费、组织关系转接)"
            ),
            "statutory_duty",
            _("While the membership is held in the district, then transferred with it"),
            ("district_admin", "town_admin", "community_admin", "party_member"),
        ),
    ),
    {
        "partylife.BranchOfficer.*": (SENSITIVE, "party_life"),
        "partylife.Meeting.*": (SENSITIVE, "party_life"),
        "partylife.Attendance.*": (SENSITIVE, "party_life"),
        "partylife.Amendment.*": (SENSITIVE, "party_life"),
        "partylife.DuesBase.*": (SENSITIVE, "party_life"),
        "partylife.DuesPayment.*": (SENSITIVE, "party_life"),
        "partylife.Transfer.*": (SENSITIVE, "party_life"),
        "partylife.TransferEvent.*": (SENSITIVE, "party_life"),
    },
)
