"""Processing register (core.processing): social organisations, their services and 公益创投."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "socialorg_reviews",
            _("Expert reviews of venture applications: who scored, conflicts of interest"),
            "statutory_duty",
            _("10 years after the round closes (grant records)"),
            ("district_admin",),
        ),
        Activity(
            "socialorg_services",
            _("Services of social organisations to communities: needs, deliveries, mentoring"),
            "statutory_duty",
            _("5 years after the engagement or incubation ends"),
            ("district_admin", "town_admin", "community_admin", "social_org_staff"),
        ),
    ),
    {
        "socialorgs.SocialOrganisation.name": (NOT_PERSONAL, "a registered organisation's name"),
        "socialorgs.SocialOrganisation.description": (NOT_PERSONAL, "what an organisation does"),
        "socialorgs.Offer.title": (NOT_PERSONAL, "a published service"),
        "socialorgs.Need.title": (NOT_PERSONAL, "a community's need"),
        "socialorgs.Need.description": (ORDINARY, "socialorg_services"),
        "socialorgs.Engagement.title": (NOT_PERSONAL, "a service engagement"),
        "socialorgs.DeliveryLog.note": (ORDINARY, "socialorg_services"),
        "socialorgs.Incubation.mentor_notes": (ORDINARY, "socialorg_services"),
        "socialorgs.ReviewAssignment.conflict_note": (ORDINARY, "socialorg_reviews"),
        "socialorgs.ApplicationEvent.note": (ORDINARY, "socialorg_reviews"),
        "socialorgs.Application.screening_reason": (NOT_PERSONAL, "why a project is eligible"),
        "socialorgs.Application.decision_note": (NOT_PERSONAL, "the funder's published decision"),
        "socialorgs.Application.midterm_note": (NOT_PERSONAL, "a published mid-term result"),
        "socialorgs.Application.final_note": (NOT_PERSONAL, "a project's final review"),
        "socialorgs.Criterion.name": (NOT_PERSONAL, "a review criterion"),
    },
)
