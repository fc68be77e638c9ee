"""The socialorgs app's models: the registry and matching (registry.py), 公益创投 (venture.py)."""

from yipanqi.socialorgs.models.registry import (
    ADMINS,
    READERS,
    REGISTRY_POLICY,
    DeliveryLog,
    Engagement,
    Incubation,
    Need,
    Offer,
    OrgStaff,
    SocialOrganisation,
)
from yipanqi.socialorgs.models.venture import (
    Application,
    ApplicationEvent,
    BudgetLine,
    Criterion,
    ReviewAssignment,
    ReviewScore,
    Tranche,
    VentureRound,
)

__all__ = [
    "ADMINS",
    "READERS",
    "REGISTRY_POLICY",
    "Application",
    "ApplicationEvent",
    "BudgetLine",
    "Criterion",
    "DeliveryLog",
    "Engagement",
    "Incubation",
    "Need",
    "Offer",
    "OrgStaff",
    "ReviewAssignment",
    "ReviewScore",
    "SocialOrganisation",
    "Tranche",
    "VentureRound",
]
