"""Processing register (core.processing): the area and organisation registry."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "bodies",
            _("Members of big committees and councils named on their seats (大党委、联席会议)"),
            "statutory_duty",
            _("The term of office plus 5 years"),
            ("district_admin", "town_admin", "community_admin"),
        ),
    ),
    {
        "organisations.Area.name": (NOT_PERSONAL, "a place's name"),
        "organisations.Area.name_initials": (NOT_PERSONAL, "a place's name"),
        "organisations.PartyOrganisation.name": (NOT_PERSONAL, "an organisation's name"),
        "organisations.PartyOrganisation.name_initials": (NOT_PERSONAL, "an organisation's name"),
        "organisations.Unit.name": (NOT_PERSONAL, "a unit's name"),
        "organisations.Unit.name_initials": (NOT_PERSONAL, "a unit's name"),
        "organisations.Unit.address": (NOT_PERSONAL, "a unit's office address"),
        "organisations.Body.name": (NOT_PERSONAL, "a body's name"),
        "organisations.BodyMembership.member_name": (ORDINARY, "bodies"),
    },
)
