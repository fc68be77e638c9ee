"""The people registry's bulk entry points for other apps' demo content (docs/decisions/010)."""

import pytest

from yipanqi.accounts.actions import NewUser, users_create_bulk
from yipanqi.core.actors import system
from yipanqi.core.errors import Forbidden
from yipanqi.core.models import AuditEvent
from yipanqi.people import actions
from yipanqi.people.models import Person


def _accounts(count: int):
    users = [NewUser(f"bulk{n}", f"批量{n}") for n in range(count)]
    return users_create_bulk(users=users, password=None, actor=system("test"))


def test_persons_link_users_bulk_links_each_person_with_its_own_event(shared):
    persons = [p for p in shared.persons if p.user_id is None][:3]
    users = _accounts(len(persons))

    linked = actions.persons_link_users_bulk(
        links={p.pk: u for p, u in zip(persons, users, strict=True)}, actor=system("test")
    )

    assert linked == 3
    assert [Person.objects.get(pk=p.pk).user_id for p in persons] == [u.pk for u in users]
    events = AuditEvent.objects.filter(
        action="people.person.account_linked", target_id__in=[str(p.pk) for p in persons]
    )
    assert sorted((e.target_id, e.changes) for e in events) == sorted(
        (str(p.pk), {"user": [None, u.pk]}) for p, u in zip(persons, users, strict=True)
    )


def test_persons_link_users_bulk_asks_the_same_permission_as_one_link(shared):
    person = next(p for p in shared.persons if p.user_id is None)
    (user,) = _accounts(1)

    with pytest.raises(Forbidden):
        actions.persons_link_users_bulk(links={person.pk: user}, actor=shared.personas["no_role"])

    assert Person.objects.get(pk=person.pk).user_id is None
