"""Reads of the people registry: search, registrations, yearly participation, branch feedback."""

from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist

from yipanqi.people import selectors
from yipanqi.people.choices import RegistrationStatus


def names(queryset) -> set[str]:
    return {p.name for p in queryset}


def test_search_by_name_part(shared):
    found = selectors.person_list(user=shared.personas["district_admin"], q="芳")

    assert names(found) == {"王芳"}


def test_search_by_pinyin_initials_ignores_case(shared):
    found = selectors.person_list(user=shared.personas["district_admin"], q="WF")

    assert "王芳" in names(found)


def test_search_by_full_id_number_uses_the_digest(shared):
    person = shared.persons[5]
    number = shared.plain[person.pk][0]

    found = selectors.person_list(user=shared.personas["district_admin"], q=number.lower())

    assert list(found) == [person]


def test_search_by_partial_id_number_finds_nothing(shared):
    number = shared.plain[shared.persons[5].pk][0]

    assert not selectors.person_list(user=shared.personas["district_admin"], q=number[:10]).exists()


def test_search_by_phone_accepts_spaces_and_country_code(shared):
    person = shared.persons[7]
    phone = shared.plain[person.pk][1]

    found = selectors.person_list(
        user=shared.personas["district_admin"], q=f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}"
    )

    assert list(found) == [person]


def test_search_by_address(shared):
    household = shared.households[3]

    found = selectors.person_list(user=shared.personas["district_admin"], q=household.room)

    assert {p.household_id for p in found} == {household.pk}


def test_search_stays_inside_scope(shared):
    person = shared.persons[10]  # B1
    number = shared.plain[person.pk][0]

    assert not selectors.person_list(user=shared.personas["community_admin_a1"], q=number).exists()
    assert not selectors.person_list(
        user=shared.personas["community_admin_a1"], q=person.name
    ).exists()


def test_tag_filter_requires_every_tag(shared):
    admin = shared.personas["district_admin"]

    rented = selectors.person_list(user=admin, tags=["rented"])
    both = selectors.person_list(user=admin, tags=["rented", "low_income"])

    assert {p.household_id for p in rented} == {shared.households[1].pk, shared.households[3].pk}
    assert {p.household_id for p in both} == {shared.households[1].pk}
    assert both.count() == 2  # no duplicate rows from the joins


def test_area_filter_takes_a_grid_or_a_community(shared):
    admin = shared.personas["district_admin"]
    d = shared.district

    in_grid = selectors.person_list(user=admin, area_id=d.grids[0].pk)
    in_community = selectors.person_list(user=admin, area_id=d.communities[0].pk)

    assert in_grid.count() == 4 and in_community.count() == 6


def test_area_filter_outside_scope_gives_nothing(shared):
    d = shared.district

    found = selectors.person_list(user=shared.personas["community_admin_a1"], area_id=d.grids[4].pk)

    assert not found.exists()


def test_household_list_and_tags(shared):
    households = selectors.household_list(user=shared.personas["grid_worker_a1"])

    assert {h.pk for h in households} == {shared.households[0].pk, shared.households[1].pk}
    assert [t.code for t in households[0].tags.all()] == ["elderly_alone"]


def test_registration_queue_by_status(shared):
    queue = selectors.registration_list(
        user=shared.personas["community_admin_a1"], statuses=selectors.OPEN_REGISTRATION
    )

    assert [r.status for r in queue] == [RegistrationStatus.SUBMITTED]


def test_member_yearly_totals(shared):
    totals = selectors.member_yearly_totals(member=shared.members["self"])

    assert [(t.year, t.count, t.hours, t.solved) for t in totals] == [
        (2021, 3, Decimal("6.5"), 1),
        (2020, 1, Decimal("4.0"), 0),
    ]


def test_branch_feedback_for_a_year(shared):
    rows = selectors.branch_feedback(
        user=shared.personas["community_admin_a1"], branch=shared.branches["a1"], year=2021
    )

    summary = {
        r.member.person.name: (r.count, r.hours, r.solved, len(r.registrations)) for r in rows
    }
    assert summary == {"王芳": (3, Decimal("6.5"), 1, 1), "黄敏": (0, Decimal(0), 0, 1)}


def test_branch_feedback_query_count_is_constant(shared, django_assert_num_queries):
    admin = shared.personas["community_admin_a1"]

    # the user's grants (not cached outside a request), the user's own resident record (the
    # members' reach, decision 030), members, registrations, yearly totals
    with django_assert_num_queries(5):
        selectors.branch_feedback(user=admin, branch=shared.branches["a1"], year=2021)


@pytest.mark.parametrize("persona", ["grid_worker_a1", "community_admin_b1", "party_member_a1"])
def test_branch_get_needs_the_branchs_manager(shared, persona):
    with pytest.raises(ObjectDoesNotExist):
        selectors.branch_get(user=shared.personas[persona], branch_id=shared.branches["a1"].pk)


def test_registration_community_own_member_may_name_any_community(shared):
    d = shared.district
    me = shared.personas["party_member_a1"]

    community = selectors.registration_community(
        user=me, community_id=d.communities[2].pk, member=shared.members["self"]
    )

    assert community == d.communities[2]


def test_registration_community_on_behalf_needs_scope(shared):
    d = shared.district

    with pytest.raises(ObjectDoesNotExist):
        selectors.registration_community(
            user=shared.personas["community_admin_a1"],
            community_id=d.communities[2].pk,
            member=shared.members["a1_other_branch"],
        )


def test_grids_by_community(shared):
    d = shared.district

    grids = selectors.grids_by_community(
        user=shared.personas["district_admin"], communities=[d.communities[0], d.communities[2]]
    )

    assert grids == {d.communities[0].pk: d.grids[0:2], d.communities[2].pk: d.grids[4:6]}


def test_grids_by_community_only_offers_grids_in_scope(shared):
    d = shared.district

    grids = selectors.grids_by_community(
        user=shared.personas["community_admin_a1"], communities=[d.communities[0], d.communities[2]]
    )

    assert grids == {d.communities[0].pk: d.grids[0:2], d.communities[2].pk: []}
