"""Party-life rules are the district's policies (issue 15: "editable per district"): a district
that holds branch committee meetings quarterly is measured against that; a district's own dues
bands set the dues; values outside the rules' shape are refused and nothing is stored."""

import datetime

import pytest

from yipanqi.core import actions as core_actions
from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent, PolicySetting
from yipanqi.partylife import actions, dashboard, policies
from yipanqi.partylife.rules import frequencies

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def _set(world, policy, value):
    d = world.district.district
    core_actions.policy_set(key=policy.key, district_code=d.district_code, value=value,
                            actor=world.personas["district_admin"], scope_path=d.path)  # fmt: skip


def test_a_district_that_holds_committee_meetings_quarterly_is_measured_so(world):
    town_b = world.district.towns[1].scope_path  # branch b1: one committee meeting in March
    # Required in 2021 with the defaults: themed day 12, committee 12, general 4, lecture 4.
    assert dashboard.compliance_share(town_b, *YEAR) == round(1 / 32, 4)
    _set(world, policies.MEETING_FREQUENCY,
         {**policies.MEETING_FREQUENCY.default, "committee": "quarterly"})  # fmt: skip
    assert frequencies(world.district.district.district_code)["committee"] == "quarterly"
    # Now committee 4: 12 + 4 + 4 + 4 = 24 required, the March meeting holds Q1's.
    assert dashboard.compliance_share(town_b, *YEAR) == round(1 / 24, 4)
    assert frequencies("330283")["committee"] == "monthly"  # another district keeps the default
    assert AuditEvent.objects.filter(action="core.policy.changed",
                                     data__key=policies.MEETING_FREQUENCY.key).count() == 1  # fmt: skip


def test_a_districts_own_bands_set_the_dues(world):
    _set(world, policies.DUES_INCOME_BANDS, [[None, "0.02"]])  # one band of 2 %
    base = actions.dues_base_set(member=world.members["self"], year=2022, category="income",
                                 base_yuan="4000", actor=world.personas["dues_officer_a1"])  # fmt: skip
    assert base.monthly_fen == 8000  # 4,000 yuan at 2 % (the national rule gives 40 yuan)
    _set(world, policies.DUES_FIXED_FEN, {"student": 50, "farmer": 100, "unemployed": 50})
    student = actions.dues_base_set(member=world.members["a2"], year=2022, category="student",
                                    base_yuan="0", actor=world.personas["dues_officer_a1"])  # fmt: skip
    assert student.monthly_fen == 50


BAD = [
    (policies.MEETING_FREQUENCY, {**policies.MEETING_FREQUENCY.default, "committee": "weekly"}),
    (policies.MEETING_FREQUENCY, {"committee": "monthly"}),  # the other kinds left out
    (policies.DUES_INCOME_BANDS, [[500000, "0.01"], [300000, "0.005"], [None, "0.02"]]),
    (policies.DUES_INCOME_BANDS, [[300000, "0.005"], [500000, "0.01"]]),  # no open last band
    (policies.DUES_INCOME_BANDS, [[300000, "0.5"], [None, "0.02"]]),  # 50 %
    (policies.DUES_RETIREE_BANDS, [[-1, "0.005"], [None, "0.01"]]),
    (policies.DUES_FIXED_FEN, {"student": -20}),
    (policies.DUES_FIXED_FEN, {"retiree": 20}),  # retirees pay by pension
    (policies.DUES_ADVANCE_MONTHS, 120),
    (policies.TRANSFER_ACCEPT_DAYS, 0),
    (policies.REMIND_DAYS, "7"),
]


@pytest.mark.parametrize(("policy", "value"), BAD)
def test_a_value_outside_the_rules_shape_is_refused_and_nothing_stored(world, policy, value):
    with pytest.raises(Invalid) as refused:
        _set(world, policy, value)
    assert refused.value.code == "bad_policy_value" and refused.value.fields["value"]
    assert not PolicySetting.objects.filter(key=policy.key).exists()
    assert policy.value(world.district.district.district_code) == policy.default


def test_a_party_group_meeting_counts_only_for_a_branch_with_groups(world):
    """党小组会 is required of a branch once it has a party group; a group's meeting is planned
    under its own branch only (400 `bad_group`)."""
    from yipanqi.organisations.actions.party import party_organisation_create
    from yipanqi.partylife.tests.factories import SYS, hold

    a1 = world.branches["a1"]
    a1_path = world.district.communities[0].scope_path
    # a1 (factory): one themed day in March held of 32 required (no groups yet).
    assert dashboard.compliance_share(a1_path, *YEAR) == round(1 / 32, 4)
    group = party_organisation_create(parent=a1, name="第一党小组", kind="group", actor=SYS,
                                      area=world.district.communities[0])  # fmt: skip
    # With a group, 12 monthly group meetings are required too: 1 of 44.
    assert dashboard.compliance_share(a1_path, *YEAR) == round(1 / 44, 4)
    for month in (1, 2):
        hold(actions.meeting_plan(branch=a1, group=group, kind="group", topic="小组学习",
                                  held_on=datetime.date(2021, month, 8), actor=SYS))  # fmt: skip
    assert dashboard.compliance_share(a1_path, *YEAR) == round(3 / 44, 4)
    with pytest.raises(Invalid) as refused:
        actions.meeting_plan(branch=world.branches["b1"], group=group, kind="group", topic="x",
                             held_on=datetime.date(2021, 3, 8), actor=SYS)  # fmt: skip
    assert refused.value.code == "bad_group"
