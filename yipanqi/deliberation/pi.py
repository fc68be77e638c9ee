"""Processing register (core.processing): four-party deliberation (四方议事)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import ORDINARY, Activity, declare

declare(
    (
        Activity(
            "deliberation",
            _(
                "Topics raised by residents, meetings, votes of seat holders, resolutions, their "
                "public notices (公示, names masked) and follow-up"
            ),
            "public_interest",
            _("10 years (community records), public notices only for their notice period"),
            ("district_admin", "town_admin", "community_admin", "resident"),
        ),
    ),
    {
        "deliberation.Topic.description": (ORDINARY, "deliberation"),
        "deliberation.Topic.decline_reason": (ORDINARY, "deliberation"),
        "deliberation.Meeting.minutes": (ORDINARY, "deliberation"),
        "deliberation.Resolution.text": (ORDINARY, "deliberation"),
        "deliberation.Resolution.public_text": (ORDINARY, "deliberation"),
        "deliberation.Vote.note": (ORDINARY, "deliberation"),
        "deliberation.FollowUp.owner_name": (ORDINARY, "deliberation"),
        "deliberation.FollowUp.note": (ORDINARY, "deliberation"),
        "deliberation.Rating.comment": (ORDINARY, "deliberation"),
    },
)
