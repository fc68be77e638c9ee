"""Whom the dispatch page suggests (issue 21): members registered with the order's community, ranked
by an account to take it with, skills matching the category, nearness to the order's grid on the
area tree (same grid > same community > further), and current load; in one query however many."""

import pytest

from yipanqi.core.actions import policy_set
from yipanqi.orders import actions, policies, selectors
from yipanqi.orders.choices import DispatchKind
from yipanqi.orders.tests.factories import make_member, make_members
from yipanqi.people.models import CommunityRegistration, Person


def _ranked(order) -> list[str]:
    return [r.member.person.name for r in selectors.member_suggestions(order=order)]


def _skills(world, username: str, skills: str = "", preferences: str = "") -> None:
    # test data: what the member wrote when registering (报到)
    CommunityRegistration.objects.filter(pk=world.registrations[username].pk).update(
        skills=skills, preferences=preferences
    )


@pytest.fixture
def accepted(world):
    """An accepted repairs (维修维护) order in grid 1 of A1."""
    return actions.order_accept(order=world.place(), actor=world.admin())


def test_nearness_follows_the_area_tree(world, accepted):
    # 张三 serves grid 1, 钱五 lives in grid 1 (no grid yet), 赵四 serves grid 0 of the same
    # community, 周七 lives in another community and is not yet placed in a grid
    far = make_member(
        world, "far_member", home=world.district.grids[0], community=world.a1, name="周七"
    )
    Person.objects.filter(pk=far.person_id).update(area=world.district.grids[2])  # moved to A2

    rows = {r.member.person.name: r for r in selectors.member_suggestions(order=accepted)}

    assert {name: r.nearness for name, r in rows.items()} == {
        "张三": 2,
        "钱五": 2,
        "赵四": 1,
        "周七": 0,
    }
    assert _ranked(accepted)[-1] == "周七"
    assert "孙六" not in rows  # registered with B1


def test_matching_skills_come_before_nearness(world, accepted):
    _skills(world, "party_member_a1b", skills="家电维修")  # 赵四, grid 0: "维修" matches repairs

    assert _ranked(accepted)[0] == "赵四"
    assert selectors.member_suggestions(order=accepted)[0].skill_match == 1


def test_the_category_name_matches_too(world, accepted):
    _skills(world, "party_member_a1b", preferences="维修维护、助老服务")

    assert _ranked(accepted)[0] == "赵四"


def test_the_skill_words_are_a_district_policy(world, accepted):
    _skills(world, "party_member_a1b", skills="木工")
    assert _ranked(accepted)[0] != "赵四"

    key, district = policies.CATEGORY_SKILLS.key, accepted.district_code
    policy_set(key=key, district_code=district, value={"repairs": ["木工"]}, actor=None)

    assert _ranked(accepted)[0] == "赵四"


def test_the_lighter_load_comes_first(world, accepted):
    admin = world.admin()
    # give 钱五 (grid 1 by residence, like 张三) two open orders: one taken, one named
    busy = world.members["party_member_a1c"]
    for _ in range(2):
        order = actions.order_accept(order=world.place(), actor=admin)
        actions.order_dispatch(order=order, kind=DispatchKind.MEMBERS, members=[busy], actor=admin)
    actions.order_take(order=order, actor=world.personas["party_member_a1c"])

    rows = {r.member.person.name: r for r in selectors.member_suggestions(order=accepted)}

    assert rows["钱五"].load == 2 and rows["张三"].load == 0
    assert _ranked(accepted)[:2] == ["张三", "钱五"]


def test_members_without_an_account_come_last(world, accepted):
    Person.objects.filter(pk=world.members["party_member_a1"].person_id).update(user=None)

    rows = list(selectors.member_suggestions(order=accepted))

    assert rows[-1].member.person.name == "张三" and rows[-1].has_account == 0


def test_ranking_costs_the_same_queries_for_three_members_or_thirteen(
    world, accepted, django_assert_num_queries
):
    accepted = selectors.order_get(user=world.admin(), order_id=accepted.pk)  # as pages read it
    with django_assert_num_queries(2) as few:  # the district's skill words, the ranked list
        assert len(list(selectors.member_suggestions(order=accepted))) == 3

    make_members(world, 10)

    with django_assert_num_queries(len(few.captured_queries)):
        assert len(list(selectors.member_suggestions(order=accepted))) == 13
