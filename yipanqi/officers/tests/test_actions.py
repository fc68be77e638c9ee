"""The officers' actions: assignments by the leaders over the target, work logs only on one's own
active targets (bad input refused, nothing half-saved), an issue opening a service order through
the orders' action, the transition table."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.officers import actions
from yipanqi.officers.models import OfficerRole, WorkLog
from yipanqi.officers.tests.factories import TEST, a_week_ago
from yipanqi.orders.choices import OrderStatus

pytestmark = pytest.mark.django_db


def _code(call) -> str:
    with pytest.raises((Invalid, Forbidden, Conflict)) as caught:
        call()
    return caught.value.code


def test_a_district_gets_the_five_roles(world):
    names = list(OfficerRole.objects.filter(district_code=world.district.district.district_code)
                 .values_list("name", flat=True))  # fmt: skip
    assert names == ["驻企专员", "村社指导", "项目经理", "街巷跑长", "镇街帮办"]


def test_roles_are_editable_by_the_organisation_department(world):
    role = world.role("street")
    actions.role_update(role=role, name="街巷长", duties="巡查", layer="grassroots",
                        actor=world.personas["district_admin"])  # fmt: skip
    assert OfficerRole.objects.get(pk=role.pk).name == "街巷长"
    assert _code(lambda: actions.role_update(role=role, name="x", duties="", layer="town",
                                             actor=world.personas["community_admin_a1"])) == (
        "permission_denied"
    )  # fmt: skip


def test_only_leaders_over_the_target_assign(world):
    a1, _a2, b1, _b2 = world.district.communities
    p = world.personas
    call = lambda who, area: actions.assignment_create(  # noqa: E731
        officer=p["officer_a"], role=world.role("community"), area=area, actor=p[who]
    )
    assert call("town_admin_a", a1).area == a1
    assert _code(lambda: call("town_admin_a", b1)) == "permission_denied"
    assert _code(lambda: call("community_admin_a1", a1)) == "permission_denied"
    assert _code(lambda: call("town_admin_a", world.district.towns[0])) == "bad_target"
    enterprise = world.role("enterprise")
    assert _code(lambda: actions.assignment_create(officer=p["officer_a"], role=enterprise,
                                                   area=a1, actor=TEST)) == "unit_required"  # fmt: skip


def test_a_log_outside_ones_assignments_is_refused_and_nothing_saved(world):
    before = WorkLog.objects.count()
    officer_a = world.personas["officer_a"]
    b1 = world.assignments["b1_guide"]
    assert _code(lambda: actions.worklog_record(assignment=b1, kind="visit",
                                                occurred_on=a_week_ago(), summary="x",
                                                actor=officer_a)) == "permission_denied"  # fmt: skip
    mine = world.assignments["a1_guide"]
    bad = [
        ({"kind": "party"}, "bad_kind"),
        ({"summary": " "}, "summary_required"),
        ({"occurred_on": timezone.localdate() + datetime.timedelta(days=1)}, "bad_date"),
        ({"open_order": True}, "issue_required"),
    ]
    for change, code in bad:
        fields = {"kind": "visit", "occurred_on": a_week_ago(), "summary": "走访"} | change
        assert (
            _code(lambda f=fields: actions.worklog_record(assignment=mine, actor=officer_a, **f))
            == code
        )
    assert WorkLog.objects.count() == before


def test_an_issue_becomes_a_service_order(world):
    officer = world.personas["officer_a"]
    log = actions.worklog_record(
        assignment=world.assignments["a_street"], kind="visit", occurred_on=a_week_ago(),
        summary="巡查街巷", issue="路灯损坏", open_order=True, actor=officer,
    )  # fmt: skip
    assert log.order is not None and log.order.status == OrderStatus.PLACED
    assert log.order.placed_by == officer
    assert log.order.grid.path.startswith(world.district.communities[0].path)


def test_an_ended_assignment_takes_no_logs(world):
    a = actions.assignment_end(assignment=world.assignments["a1_guide"],
                               actor=world.personas["town_admin_a"])  # fmt: skip
    assert a.status == "ended"
    assert _code(lambda: actions.assignment_end(assignment=a, actor=TEST)) == "illegal_transition"
    assert _code(lambda: actions.worklog_record(assignment=a, kind="visit",
                                                occurred_on=a_week_ago(), summary="x",
                                                actor=world.personas["officer_a"])) == "assignment_ended"  # fmt: skip
