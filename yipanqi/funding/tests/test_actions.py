"""The funding actions: runs follow the live household count and never change once approved,
four eyes, corrections with a reason, the balance rule, 1 : 1 shares, bad input loses nothing."""

import datetime

import pytest

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.funding import actions, money
from yipanqi.funding.choices import RunStatus
from yipanqi.funding.models import AllocationLine, BudgetLine, Expense
from yipanqi.funding.tests.factories import TEST, add_households, expense, png
from yipanqi.venues.models import Venue

pytestmark = pytest.mark.django_db


def _line(run, community):
    return AllocationLine.objects.get(run=run, community=community)


def test_the_run_applies_the_rule_to_the_live_household_count(world):
    d = world.district
    a1 = _line(world.run, d.communities[0])
    assert (a1.households, a1.service_fen, a1.work_fen) == (2, 200_000_00, 150_000_00)
    a2 = _line(world.run, d.communities[1])
    assert (a2.households, a2.work_fen, a2.total_fen) == (0, 0, 200_000_00)
    assert world.run.communities == 4 and world.run.households == 3
    assert world.run.total_fen == 4 * 200_000_00 + 2 * 150_000_00


def test_a_correction_follows_the_registry_and_the_approved_run_never_changes(world):
    d = world.district
    add_households(d, 0, 1000, start=200)  # A1: 2 → 1,002 households
    before = {li.pk: li.total_fen for li in world.run.lines.all()}
    with pytest.raises(Invalid) as refused:
        actions.allocation_compute(
            district=d.district, year=2021, actor=d.personas["district_admin"]
        )
    assert refused.value.code == "reason_required"
    fix = actions.allocation_compute(
        district=d.district,
        year=2021,
        reason="补录新建小区住户",
        actor=d.personas["district_admin"],
    )
    assert _line(fix, d.communities[0]).work_fen == 2 * 150_000_00  # two started thousands
    assert {li.pk: li.total_fen for li in world.run.lines.all()} == before  # untouched
    actions.allocation_approve(run=fix, actor=TEST)
    world.run.refresh_from_db()
    assert world.run.status == RunStatus.SUPERSEDED
    assert {li.pk: li.total_fen for li in world.run.lines.all()} == before
    budget = BudgetLine.objects.get(community=d.communities[0], year=2021, fund="work")
    assert budget.amount_fen == 2 * 150_000_00


def test_pro_rata_rules_count_the_households_exactly(world):
    d = world.district
    actions.rule_set(district=d.district, year=2022, rounding="pro_rata", actor=TEST)
    run = actions.allocation_compute(district=d.district, year=2022, actor=TEST)
    assert _line(run, d.communities[0]).work_fen == 2 * 150_00
    assert str(_line(run, d.communities[0]).thousands) == "0.002"


def test_four_eyes_and_no_rules(world):
    d = world.district
    admin = d.personas["district_admin"]
    actions.rule_set(district=d.district, year=2022, actor=admin)
    run = actions.allocation_compute(district=d.district, year=2022, actor=admin)
    with pytest.raises(Conflict) as same:
        actions.allocation_approve(run=run, actor=admin)
    assert same.value.code == "four_eyes"
    with pytest.raises(Conflict) as draft:
        actions.allocation_compute(district=d.district, year=2022, reason="x", actor=admin)
    assert draft.value.code == "draft_exists"
    with pytest.raises(Conflict) as none:
        actions.allocation_compute(district=d.district, year=2023, actor=admin)
    assert none.value.code == "no_rules"
    with pytest.raises(Forbidden):
        actions.allocation_compute(district=d.district, year=2022, actor=d.personas["town_admin_a"])


def test_rules_are_versioned_and_checked(world):
    d = world.district
    again = actions.rule_set(district=d.district, year=2021, work_fen=160_000_00, actor=TEST)
    assert again.version == 2 and world.rule.version == 1 and world.run.rule_id == world.rule.pk
    with pytest.raises(Invalid):
        actions.rule_set(district=d.district, year=2021, rounding="floor", actor=TEST)
    with pytest.raises(Invalid):
        actions.rule_set(district=d.district, year=2021, work_fen=-1, actor=TEST)


def test_the_balance_never_goes_negative_without_an_overspend_approval(world):
    d = world.district
    budget = BudgetLine.objects.get(community=d.communities[0], year=2021, fund="service")
    left = budget.balance_fen - 2_000_00  # less what already waits (a1_waiting)
    count = Expense.objects.count()
    with pytest.raises(Invalid) as over:
        expense(d, 0, "community_admin_a1", left + 1)
    assert over.value.code == "over_balance" and Expense.objects.count() == count
    with pytest.raises(Invalid) as reasonless:
        expense(d, 0, "community_admin_a1", left + 1, overspend=True)
    assert reasonless.value.code == "overspend_reason_required"
    big = expense(d, 0, "community_admin_a1", budget.balance_fen + 5_00, overspend=True,
                  overspend_reason="阵地修缮超支")  # fmt: skip
    with pytest.raises(Forbidden):  # another community administrator may not approve overspend
        actions.expense_approve(expense=big, actor=d.personas["community_admin_a2"])
    with pytest.raises(Forbidden):  # … nor one of the same community, for an overspend
        actions.expense_approve(expense=big, actor=_second_a1_admin(d))
    actions.expense_approve(expense=big, actor=d.personas["town_admin_a"])
    budget.refresh_from_db()
    assert budget.balance_fen == -5_00 and budget.overspent_fen == 5_00


def _second_a1_admin(d):
    from yipanqi.organisations.actions import role_grant_create
    from yipanqi.organisations.tests.factories import UserFactory

    user = UserFactory(username="a1_second")
    role_grant_create(user=user, role="community_admin", area=d.communities[0], actor=TEST)
    return user


def test_expense_steps(world):
    d = world.district
    waiting = world.expenses["a1_waiting"]
    with pytest.raises(Conflict) as own:
        actions.expense_approve(expense=waiting, actor=d.personas["community_admin_a1"])
    assert own.value.code == "four_eyes"
    with pytest.raises(Invalid):
        actions.expense_reject(expense=waiting, reason="", actor=d.personas["town_admin_a"])
    actions.expense_reject(expense=waiting, reason="票据不全", actor=d.personas["town_admin_a"])
    with pytest.raises(Conflict) as twice:
        actions.expense_approve(expense=waiting, actor=d.personas["town_admin_a"])
    assert twice.value.code == "illegal_transition"
    no_file = expense(d, 0, "community_admin_a1", 1_00, evidence=None)
    with pytest.raises(Conflict) as missing:
        actions.expense_approve(expense=no_file, actor=d.personas["town_admin_a"])
    assert missing.value.code == "evidence_missing"
    actions.evidence_add(expense=no_file, upload=png(), actor=d.personas["community_admin_a1"])
    actions.expense_approve(expense=no_file, actor=d.personas["town_admin_a"])


@pytest.mark.parametrize(
    ("change", "code"),
    [({"amount_fen": -5}, "bad_amount"), ({"amount_fen": 0}, "bad_amount"),
     ({"fund": "own", "amount_fen": 1}, None), ({"payee": " "}, "payee_required"),
     ({"spent_on": datetime.date(2030, 1, 1)}, "future_date"),
     ({"spent_on": datetime.date(2019, 1, 1)}, "no_budget")],
)  # fmt: skip
def test_bad_expenses_are_refused_and_lose_nothing(world, change, code):
    d = world.district
    count = Expense.objects.count()
    args = {"payee": "奉化印务", "spent_on": datetime.date(2021, 5, 1), "amount_fen": 1_00,
            "fund": "service", **change}  # fmt: skip
    if code is None:
        actions.expense_record(community=d.communities[0], purpose="p", actor=TEST, **args)
        return
    with pytest.raises((Invalid, Conflict)) as refused:
        actions.expense_record(community=d.communities[0], purpose="p", actor=TEST, **args)
    assert refused.value.code == code and Expense.objects.count() == count


def test_own_income_is_its_own_fund(world):
    d = world.district
    own = BudgetLine.objects.get(community=d.communities[0], year=2021, fund="own")
    assert own.amount_fen == 50_000_00


def test_projects_share_one_to_one_and_completion_opens_the_venue(world):
    a1, b1 = world.projects["a1"], world.projects["b1"]
    assert (a1.district_fen, a1.street_fen) == (500_000_00, 500_000_00)
    assert (b1.district_fen, b1.street_fen) == (400_000_01, 400_000_00)
    a1.refresh_from_db()
    venue = Venue.objects.get(pk=a1.venue_id)
    assert venue.kind == "party_building" and venue.owner_area_id == a1.community_id
    d = world.district
    actions.project_progress(
        project=b1, progress=40, note="主体完工", actor=d.personas["community_admin_b1"]
    )
    b1.refresh_from_db()
    assert (b1.status, b1.progress) == ("building", 40)
    with pytest.raises(Forbidden):
        actions.project_complete(project=b1, actor=d.personas["community_admin_b1"])
    with pytest.raises(Conflict):
        actions.project_progress(project=a1, progress=10, note="", actor=TEST)


def test_the_tilted_share_and_the_matching_are_rules_of_the_year(world):
    d = world.district
    assert (world.rule.tilt_percent, world.rule.match_district, world.rule.match_street) == (
        50,
        1,
        1,
    )  # the policy's defaults
    for bad in ({"tilt_percent": 101}, {"tilt_percent": -1}, {"match_street": 0}):
        with pytest.raises(Invalid) as refused:
            actions.rule_set(district=d.district, year=2022, actor=TEST, **bad)
        assert refused.value.code == f"bad_{next(iter(bad))}"
    rule = actions.rule_set(
        district=d.district, year=2022, tilt_percent=60, match_district=2, actor=TEST
    )
    assert (rule.tilt_percent, rule.match_district, rule.match_street) == (60, 2, 1)
    project = actions.project_create(
        community=d.communities[3], name="新民社区驿站", year=2022, address="新民路1号",
        capacity=20, budget_fen=900_00, actor=TEST,
    )  # fmt: skip
    assert (project.rule_id, project.district_fen, project.street_fen) == (rule.pk, 600_00, 300_00)


def test_each_run_line_shows_how_it_was_reached(world, client):
    client.force_login(world.district.personas["district_admin"])
    page = client.get(world.run.get_absolute_url()).content.decode()
    for line in world.run.lines.all():
        shown = page.split(f'id="line-{line.pk}"', 1)[1].split("</li>")[0]
        assert line.community.name in shown and str(line.households) in shown
        assert money.yuan(line.work_fen) in shown and money.yuan(line.total_fen) in shown
        assert money.yuan(line.service_fen) in shown and money.yuan(world.rule.work_fen) in shown
