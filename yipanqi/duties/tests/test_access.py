"""Access requests (准入): each of authority, staff and money is required (a clear error with a
stable code, nothing saved); the time limits come from policy, counted in working days (Mon–Fri)
on a frozen clock; approval puts the duty on every receiving community's list; the decider is
never the filer; refusals and retirements; a community refuses a task that was not admitted."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from yipanqi.core.actions import policy_set
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.duties import actions, selectors
from yipanqi.duties.choices import AdmittedStatus, RequestStatus
from yipanqi.duties.models import AccessRequest, AdmittedDuty, TaskRefusal
from yipanqi.duties.tests.factories import TEST, request_fields
from yipanqi.duties.workdays import add_working_days

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _code(call) -> str:
    with pytest.raises((Invalid, Forbidden, Conflict)) as caught:
        call()
    return caught.value.code


def _file(world, who="district_admin", area=None, **change):
    area = area or world.district.district
    return actions.request_file(area=area, actor=world.personas[who], **request_fields(**change))


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"authority": " "}, "authority_required"),
        ({"staff_count": 0}, "staff_required"),
        ({"staff_note": ""}, "staff_required"),
        ({"money_fen": 0}, "money_required"),
        ({"department": ""}, "department_required"),
        ({"title": ""}, "title_required"),
        ({"basis": ""}, "basis_required"),
        ({"list_kind": "other"}, "bad_list_kind"),
    ],
)
def test_a_request_missing_a_resource_is_refused_and_nothing_saved(world, change, code):
    before = AccessRequest.objects.count()
    assert _code(lambda: _file(world, **change)) == code
    assert AccessRequest.objects.count() == before


def test_the_error_names_the_field(world):
    with pytest.raises(Invalid) as caught:
        _file(world, money_fen=0)
    assert "money_fen" in caught.value.fields and "费随事转" in str(caught.value.message)


def test_levels_follow_the_area(world):
    town = world.district.towns[0]
    assert _code(lambda: _file(world, "town_admin_a", town, level="town")) == "bad_level"
    assert _file(world, "town_admin_a", town).level == "community"


def test_who_may_file(world):
    town_b = world.district.towns[1]
    assert _code(lambda: _file(world, "town_admin_a", town_b)) == "permission_denied"
    assert _code(lambda: _file(world, "community_admin_a1")) == "permission_denied"
    assert _code(lambda: _file(world, "town_admin_a")) == "permission_denied"  # not the district


def _frozen(monkeypatch, day: datetime.date) -> None:
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_working_days_skip_weekends():
    friday = datetime.date(2021, 3, 5)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 1) == datetime.date(2021, 3, 8)  # Monday
    assert add_working_days(friday, 5) == datetime.date(2021, 3, 12)
    assert add_working_days(friday, 30) == datetime.date(2021, 4, 16)


def test_apply_ahead_and_decide_by_on_a_frozen_clock(world, monkeypatch):
    _frozen(monkeypatch, datetime.date(2021, 3, 5))  # a Friday
    earliest = datetime.date(2021, 4, 16)  # 30 working days later
    assert (
        _code(lambda: _file(world, starts_on=earliest - datetime.timedelta(days=1))) == "too_late"
    )
    row = _file(world, starts_on=earliest)
    assert row.decide_by == datetime.date(2021, 3, 26)  # 15 working days
    assert row.submitted_at.date() == datetime.date(2021, 3, 5)


def test_time_limits_are_policy(world, monkeypatch):
    _frozen(monkeypatch, datetime.date(2021, 3, 5))
    code = world.district.district.district_code
    policy_set(key="duties.apply_ahead_working_days", district_code=code, value=5, actor=TEST)
    policy_set(key="duties.decide_within_working_days", district_code=code, value=2, actor=TEST)
    row = _file(world, starts_on=datetime.date(2021, 3, 12))
    assert row.decide_by == datetime.date(2021, 3, 9)
    assert _code(lambda: policy_set(key="duties.decide_within_working_days", district_code=code,
                                    value=-1, actor=TEST)) == "bad_policy_value"  # fmt: skip


def test_approval_puts_the_duty_on_every_receiving_list(world):
    row = world.requests["d_admitted"]
    assert row.status == RequestStatus.APPROVED and row.decision_body == "区委区政府联合审查"
    carried = AdmittedDuty.objects.filter(request=row).values_list("area__name", flat=True)
    assert sorted(carried) == sorted(a.name for a in world.district.communities)
    a1 = world.personas["community_admin_a1"]
    mine = selectors.admitted_list(user=a1)
    assert [a.request.title for a in mine] == [row.title]
    assert mine[0].request.money_fen == 2_000_000


def test_a_town_request_reaches_only_its_communities(world):
    row = world.requests["a_open"]
    actions.request_approve(request=row, actor=world.personas["district_admin"])
    areas = set(AdmittedDuty.objects.filter(request=row).values_list("area__name", flat=True))
    assert areas == {"奉中社区", "锦山社区"}


def test_the_filer_never_decides_and_the_body_is_policy(world):
    row = _file(world)
    admin = world.personas["district_admin"]
    assert _code(lambda: actions.request_approve(request=row, actor=admin)) == "permission_denied"
    town = world.personas["town_admin_a"]
    open_a = world.requests["a_open"]
    assert _code(lambda: actions.request_approve(request=open_a, actor=town)) == "permission_denied"
    policy_set(key="duties.approval", district_code=row.district_code, actor=TEST,
               value={"body": "城乡社区治理联席会议", "roles": ["district_admin"]})  # fmt: skip
    actions.request_refuse(request=open_a, reason="重复", actor=admin)
    open_a.refresh_from_db()
    assert open_a.decision_body == "城乡社区治理联席会议" and open_a.status == "refused"


def test_refuse_needs_a_reason_and_states_are_checked(world):
    row = world.requests["a_open"]
    admin = world.personas["district_admin"]
    assert (
        _code(lambda: actions.request_refuse(request=row, reason=" ", actor=admin))
        == "reason_required"
    )
    refused = world.requests["d_refused"]
    assert (
        _code(lambda: actions.request_approve(request=refused, actor=TEST)) == "illegal_transition"
    )


def test_withdraw_and_retire(world):
    row = actions.request_withdraw(
        request=world.requests["a_open"], actor=world.personas["town_admin_a"]
    )
    assert row.status == RequestStatus.WITHDRAWN
    admitted = world.requests["d_admitted"]
    admin = world.personas["district_admin"]
    assert (
        _code(lambda: actions.request_retire(request=admitted, reason="", actor=admin))
        == "reason_required"
    )
    actions.request_retire(request=admitted, reason="事项已取消", actor=admin)
    assert not AdmittedDuty.objects.filter(request=admitted, status=AdmittedStatus.ACTIVE).exists()
    assert selectors.admitted_list(user=world.personas["community_admin_a1"]).count() == 0


def test_a_refusal_is_recorded_and_visible_to_the_district(world):
    a1 = world.district.communities[0]
    admin = world.personas["community_admin_a1"]
    row = actions.task_refuse(
        area=a1, task="另一个任务", pushed_by="区某局", reason="未准入", actor=admin
    )
    assert TaskRefusal.objects.get(pk=row.pk).recorded_by == admin
    seen = selectors.refusal_list(user=world.personas["district_admin"])
    assert row in seen and world.refusals["b1_refusal"] in seen
    assert row not in selectors.refusal_list(user=world.personas["community_admin_b1"])


def test_a_task_on_the_admitted_list_cannot_be_refused(world):
    a1 = world.district.communities[0]
    title = world.requests["d_admitted"].title
    admin = world.personas["community_admin_a1"]

    def call():
        return actions.task_refuse(
            area=a1, task=title, pushed_by="区民政局", reason="x", actor=admin
        )

    assert _code(call) == "on_admitted_list"
    b1 = world.district.communities[2]
    assert _code(lambda: actions.task_refuse(area=b1, task="x", pushed_by="y", reason="z",
                                             actor=admin)) == "permission_denied"  # fmt: skip
    assert _code(lambda: actions.task_refuse(area=a1, task="x", pushed_by="y", reason=" ",
                                             actor=admin)) == "reason_required"  # fmt: skip


def test_the_burden_meter(world):
    today = timezone.localdate()
    meters = {
        m.name: m
        for m in selectors.burden(
            user=world.personas["district_admin"], year=today.year, today=today
        )
    }
    assert meters["奉中社区"].carried == 1 and meters["奉中社区"].refused == 1
    assert meters["锦山社区"].carried == 1 and meters["锦山社区"].refused == 0
    quarter = f"Q{(today.month - 1) // 3 + 1}"
    assert meters["奉中社区"].trend[quarter] == {"carried": 1, "refused": 1}
    mine = selectors.burden(user=world.personas["community_admin_a1"], year=today.year, today=today)
    assert [m.name for m in mine] == ["奉中社区"]
