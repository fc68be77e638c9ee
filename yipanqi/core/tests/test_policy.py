import pytest

from yipanqi.core import actions, policy
from yipanqi.core.models import AuditEvent

SAMPLE = policy.declare(
    "tests.sample_hours", {"placed": 24}, "A sample policy used by these tests."
)


def test_declared_default_applies_until_a_district_overrides_it(db):
    assert SAMPLE.value("330213") == {"placed": 24}


def test_override_is_per_district_and_audited(district):
    actor = district.personas["district_admin"]
    actions.policy_set(
        key=SAMPLE.key,
        district_code="330213",
        value={"placed": 12},
        actor=actor,
        scope_path=district.district.path,
    )
    assert SAMPLE.value("330213") == {"placed": 12}
    assert SAMPLE.value("330212") == {"placed": 24}
    event = AuditEvent.objects.get(action="core.policy.changed")
    assert event.changes == {SAMPLE.key: [{"placed": 24}, {"placed": 12}]}
    assert event.scope_path == district.district.path


def test_unknown_policy_cannot_be_set(district):
    with pytest.raises(KeyError):
        actions.policy_set(
            key="no.such",
            district_code="330213",
            value=1,
            actor=district.personas["district_admin"],
        )


def test_declaring_twice_returns_the_first_declaration():
    again = policy.declare("tests.sample_hours", {"placed": 1}, "ignored")
    assert again is SAMPLE and again.default == {"placed": 24}
