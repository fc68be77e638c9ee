import pytest

from yipanqi.core import actions, policy
from yipanqi.core.errors import Forbidden, Invalid
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


def _set(district, persona: str, key: str, value, *, code: str = "330213", path: str | None = None):
    return actions.policy_set(
        key=key,
        district_code=code,
        value=value,
        actor=district.personas[persona],
        scope_path=district.district.path if path is None else path,
    )


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("district_admin", True), ("town_admin_a", False), ("grid_worker_a1", False),
     ("security_admin", False), ("system_admin", False)],
)  # fmt: skip
def test_a_district_policy_is_set_by_its_district_administrators(district, persona, allowed):
    if allowed:
        _set(district, persona, SAMPLE.key, {"placed": 6})
        assert SAMPLE.value("330213") == {"placed": 6}
    else:
        with pytest.raises(Forbidden):
            _set(district, persona, SAMPLE.key, {"placed": 6})
    with pytest.raises(Forbidden):  # not for an area outside their grant, nor without one
        _set(district, persona, SAMPLE.key, {"placed": 6}, path="999")


def test_sign_in_rules_are_the_security_admins_and_keep_their_bounds(district):
    from yipanqi.accounts import policies as accounts

    key = accounts.PASSWORD_MAX_AGE_DAYS.key
    _set(district, "security_admin", key, 60, code=accounts.PLATFORM, path="")
    assert accounts.password_max_age_days() == 60
    with pytest.raises(Invalid) as too_long:
        _set(district, "security_admin", key, 120, code=accounts.PLATFORM, path="")
    assert too_long.value.code == "bad_policy_value"
    for persona in ("district_admin", "system_admin"):
        with pytest.raises(Forbidden):
            _set(district, persona, key, 30, code=accounts.PLATFORM)
    roles = accounts.TWO_FACTOR_ROLES.key
    fewer = [r for r in accounts.TWO_FACTOR_DEFAULT if r != "grid_worker"]
    with pytest.raises(Invalid):
        _set(district, "security_admin", roles, fewer, code=accounts.PLATFORM, path="")
    more = [*accounts.TWO_FACTOR_DEFAULT, "unit_liaison"]
    _set(district, "security_admin", roles, more, code=accounts.PLATFORM, path="")
    assert "unit_liaison" in accounts.two_factor_roles()
