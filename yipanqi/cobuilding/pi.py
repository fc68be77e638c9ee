"""Processing register (core.processing): co-building's rows hold organisations' work, not
personal data; names of people appear only through accounts and council seats of other apps."""

from yipanqi.core.processing import NOT_PERSONAL, declare

declare(
    (),
    {
        "cobuilding.Resource.title": (NOT_PERSONAL, "what a unit offers"),
        "cobuilding.Resource.conditions": (NOT_PERSONAL, "conditions of an offer"),
        "cobuilding.Claim.note": (NOT_PERSONAL, "what a unit or community offers or asks"),
        "cobuilding.Claim.decline_reason": (NOT_PERSONAL, "why a claim was declined"),
        "cobuilding.Project.title": (NOT_PERSONAL, "a project's title"),
        "cobuilding.Project.rating_comment": (NOT_PERSONAL, "a community's comment on a project"),
        "cobuilding.ProgressReport.note": (NOT_PERSONAL, "a project's progress"),
        "cobuilding.HardProblem.title": (NOT_PERSONAL, "a community's problem"),
        "cobuilding.HardProblem.description": (NOT_PERSONAL, "a community's problem"),
        "cobuilding.HardProblem.result": (NOT_PERSONAL, "how a problem was solved"),
        "cobuilding.Commitment.what": (NOT_PERSONAL, "what a member undertakes"),
        "cobuilding.Commitment.evidence": (NOT_PERSONAL, "what was done"),
        "cobuilding.Evaluation.comment": (NOT_PERSONAL, "a community's comment on a unit"),
    },
)
