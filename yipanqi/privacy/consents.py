"""Consent where the processing register names consent as the lawful basis (R-PI-6; PIPL arts.
14, 17, 29, 30).

Every activity whose basis is `consent` (core.processing) has a notice here: what is collected,
why and for how long, with a version. Its purpose and retention come from the register, so the
notice and the register cannot drift apart; what is collected is written here in plain words. A
new consent-based activity without a notice fails `test_every_consent_activity_has_a_notice`.

A consent is current when it was given to the notice's current version and not withdrawn; raise
the version when the notice's words change, and everyone is asked again.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from yipanqi.core import processing
from yipanqi.core.errors import Invalid

CONSENT_REQUIRED = "consent_required"


@dataclass(frozen=True)
class Notice:
    """What a person reads before they agree (告知): `collected` here; purpose, retention and
    roles from the register's activity."""

    purpose: str  # an activity key of the processing register
    version: int
    title: str
    collected: str

    @property
    def activity(self) -> processing.Activity:
        return next(a for a in processing.activities() if a.key == self.purpose)


NOTICES: dict[str, Notice] = {
    "service_orders": Notice(
        "service_orders",
        1,
        _("Service orders"),
        _(
            "What you write in the order (what help you need, where, and any photos you add), "
            "your account, the grid and household the order concerns, who takes and completes "
            "it, and your rating. The community party organisation and the party members or "
            "units it sends the order to read it; others see your name masked."
        ),
    ),
}


def consent_activities() -> list[processing.Activity]:
    """The register's activities whose lawful basis is consent."""
    return [a for a in processing.activities() if a.basis == "consent"]


def notice(purpose: str) -> Notice | None:
    return NOTICES.get(purpose)


def notice_or_invalid(purpose: str) -> Notice:
    found = NOTICES.get(purpose)
    if found is None or found.purpose not in {a.key for a in consent_activities()}:
        raise Invalid(_("There is no such purpose to consent to."), code="bad_purpose")
    return found


def require_consent(*, user: Any, purpose: str) -> None:
    """Refuse to collect for `purpose` from `user` without their current consent (R-PI-6)."""
    from yipanqi.privacy.selectors import consent_current

    if consent_current(user=user, purpose=purpose) is None:
        message = _("Read the notice and give your consent before we collect this information.")
        raise Invalid(message, code=CONSENT_REQUIRED, fields={"consent": [message]})
