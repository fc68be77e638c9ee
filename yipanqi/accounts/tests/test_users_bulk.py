"""`users_create_bulk`: many accounts at once, as `user_create` makes and records each."""

import pytest
from django.core.exceptions import ValidationError

from yipanqi.accounts.actions import NewUser, users_create_bulk
from yipanqi.accounts.models import AccountKind, User
from yipanqi.core.actors import system
from yipanqi.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_users_create_bulk_records_one_created_event_per_account():
    users = users_create_bulk(
        users=[NewUser("bulk_a", "张三"), NewUser("bulk_b", "李四", AccountKind.STAFF)],
        password=None,
        actor=system("demo"),
    )

    assert [u.pk for u in users] == list(
        User.objects.filter(username__startswith="bulk_")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert not any(u.has_usable_password() for u in users)
    events = AuditEvent.objects.filter(action="accounts.user.created").order_by("id")
    assert [(e.target_id, e.data, e.actor_username) for e in events] == [
        (str(users[0].pk), {"kind": AccountKind.PUBLIC}, "system:demo"),
        (str(users[1].pk), {"kind": AccountKind.STAFF}, "system:demo"),
    ]


def test_users_create_bulk_shares_one_validated_password():
    users = users_create_bulk(
        users=[NewUser("bulk_c", kind=AccountKind.STAFF), NewUser("bulk_d")],
        password="Fenghua#2021-bulk",
        actor=system("demo"),
    )

    assert all(User.objects.get(pk=u.pk).check_password("Fenghua#2021-bulk") for u in users)
    assert all(u.password_changed_at is not None for u in users)


def test_users_create_bulk_refuses_a_weak_password_and_writes_nothing():
    with pytest.raises(ValidationError):
        users_create_bulk(users=[NewUser("bulk_e")], password="123", actor=system("demo"))

    assert not User.objects.filter(username="bulk_e").exists()
