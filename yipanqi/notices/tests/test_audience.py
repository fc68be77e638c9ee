"""Audience resolution equals an independent query of the registry for every kind of audience,
and the notice keeps who was asked even if they move or the audience changes later."""

import pytest

from yipanqi.notices import actions
from yipanqi.notices.audience import resolve
from yipanqi.notices.models import NoticeRecipient
from yipanqi.notices.tests.factories import TEST, notice
from yipanqi.organisations.models import RoleGrant
from yipanqi.people.models import Household, PartyMember, Person

pytestmark = pytest.mark.django_db


def _persons(targets) -> set[int]:
    return {t.person_id for t in targets}


def test_area_audience(world):
    town = world.district.towns[0]
    everyone = set(
        Person.objects.filter(area__path__startswith=town.path).values_list("pk", flat=True)
    )
    assert _persons(resolve({"kind": "area", "ids": [town.pk]}, town)) == everyone
    members = set(PartyMember.objects.filter(person__area__path__startswith=town.path)
                  .values_list("person_id", flat=True))  # fmt: skip
    got = resolve({"kind": "area", "ids": [town.pk], "members_only": True}, town)
    assert _persons(got) == members


def test_party_organisation_audience_follows_membership_not_residence(world):
    branch = world.people.branches["a1"]
    expected = set(PartyMember.objects.filter(branch=branch).values_list("person_id", flat=True))
    got = resolve({"kind": "party_org", "ids": [branch.pk]}, world.district.district)
    assert _persons(got) == expected and len(expected) == 2  # one lives in A2


def test_tag_audience_has_each_person_once(world):
    a1 = world.district.communities[0]
    codes = ["low_income", "rented"]  # one household carries both
    households = Household.objects.filter(tags__code__in=codes, scope_path__startswith=a1.path)
    expected = set(Person.objects.filter(household__in=households).values_list("pk", flat=True))
    targets = resolve({"kind": "tag", "ids": codes}, a1)
    assert _persons(targets) == expected
    assert len(targets) == len(expected)


def test_role_audience_reaches_accounts_with_or_without_a_resident_record(world):
    town = world.district.towns[0]
    expected = set(RoleGrant.objects.active().filter(role="grid_worker", area__path__startswith=town.path)
                   .values_list("user_id", flat=True))  # fmt: skip
    targets = resolve({"kind": "role", "ids": ["grid_worker"]}, town)
    assert {t.user_id for t in targets} == expected and all(t.person_id is None for t in targets)
    residents = resolve({"kind": "role", "ids": ["resident"]}, town)
    linked = {t.user_id: t.person_id for t in residents}
    assert linked[world.personas["resident_a1"].pk] == world.people.persons[5].pk


def test_named_people_and_units(world):
    a1 = world.district.communities[0]
    chosen = [world.people.persons[0].pk, world.people.persons[4].pk]
    assert _persons(resolve({"kind": "people", "ids": chosen}, a1)) == set(chosen)
    unit = world.district.units[0]
    assert resolve({"kind": "unit", "ids": [unit.pk]}, world.district.district) == []


def test_the_recipients_are_kept_when_someone_moves(world):
    a1, a2 = world.district.communities[:2]
    sent = actions.notice_send(
        notice=notice(world, a1, {"kind": "area", "ids": [a1.pk]}), actor=TEST
    )
    before = set(NoticeRecipient.objects.filter(notice=sent).values_list("person_id", "scope_path"))
    Person.objects.filter(pk=world.people.persons[0].pk).update(scope_path=a2.scope_path + "0001")
    after = set(NoticeRecipient.objects.filter(notice=sent).values_list("person_id", "scope_path"))
    assert before == after
