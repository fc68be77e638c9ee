"""R-AU-6: nothing switches the audit trail off (docs/decisions/022-audit-never-paused.md).

The row allows a pause by the audit admin only, audited; the platform keeps none at all, which is
stricter. These tests fail the day someone adds a switch, so that the switch arrives with its
audit-admin-only permission and its own audit event rather than silently.
"""

import ast
import inspect

from django.conf import settings

from yipanqi.core import audit, policy

WRITERS = (audit.record, audit.record_many, audit.new_event)


def _names_read(function) -> set[str]:
    tree = ast.parse(inspect.getsource(function).lstrip())
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return names | {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}


def test_the_audit_writers_read_no_setting_and_no_policy():
    for function in WRITERS:
        read = _names_read(function)
        assert not read & {"settings", "policy", "Policy", "value", "getattr"}, function.__name__


def test_no_setting_or_policy_can_switch_the_audit_off():
    switches = ("AUDIT_ENABLED", "AUDIT_PAUSED", "AUDIT_OFF", "DISABLE_AUDIT", "PAUSE_AUDIT")
    assert not [name for name in dir(settings) if any(s in name.upper() for s in switches)]
    audit_policies = [p.key for p in policy.registered() if "audit" in p.key.lower()]
    assert not [k for k in audit_policies if any(w in k for w in ("pause", "enable", "off"))]


def test_the_check_above_would_see_a_switch():
    """The AST reading is not vacuous: a writer gated by a setting is caught."""

    def gated_record():
        if settings.YIPANQI_AUDIT_PAUSED:  # pragma: no cover - read, never run
            return None
        return audit.record

    assert "settings" in _names_read(gated_record)
