"""The privacy app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

from functools import partial
from typing import Any

from yipanqi.privacy import actions as privacy
from yipanqi.privacy.consents import NOTICES
from yipanqi.privacy.models import Consent

PURPOSE = "service_orders"


def _step(code: str, run: Any, row: Any = None) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row)


def _give(w: Any) -> Any:
    resident = w.orders.personas["resident_a1"]
    Consent.objects.filter(user=resident).delete()  # one who has not agreed yet
    run = partial(
        privacy.consent_give,
        purpose=PURPOSE,
        notice_version=NOTICES[PURPOSE].version,
        actor=resident,
    )
    return _step("privacy.consent.given", run)


def _withdraw(w: Any) -> Any:
    resident = w.orders.personas["resident_a1"]
    consent = Consent.objects.get(user=resident, withdrawn_at__isnull=True)
    run = partial(privacy.consent_withdraw, purpose=PURPOSE, actor=resident)
    return _step("privacy.consent.withdrawn", run, consent)


CASES = [
    (privacy.consent_give, _give),
    (privacy.consent_withdraw, _withdraw),
]

NOT_WALKED = {
    # The demo's bulk path: one `privacy.consent.given` event per row, as consent_give writes
    # (privacy/tests/test_consent.py::test_consents_in_bulk_are_audited_one_event_each).
    "privacy.consents_give_bulk",
}
