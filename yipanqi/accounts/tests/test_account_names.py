"""R-ID-1: user names are unique whatever their letter case. R-ID-9: the names every scanner
tries first (admin, root, test …) cannot be taken, one at a time or in bulk."""

import pytest
from django.db import IntegrityError, transaction

from yipanqi.accounts import actions
from yipanqi.accounts.models import User
from yipanqi.core.errors import Invalid

pytestmark = pytest.mark.django_db
PASSWORD = "Fenghua#2021demo"


def test_a_name_differing_only_in_case_is_refused_by_the_database():
    User.objects.create(username="zhang_wei")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="Zhang_Wei")


@pytest.mark.parametrize("name", ["admin", "Admin", "ROOT", "test", " administrator "])
def test_reserved_names_are_refused(name):
    with pytest.raises(Invalid) as refused:
        actions.user_create(username=name, password=PASSWORD, actor=None)
    assert refused.value.code == "reserved_username"
    bulk = [actions.NewUser(username="ok_name"), actions.NewUser(username=name)]
    with pytest.raises(Invalid):
        actions.users_create_bulk(users=bulk, password=None, actor=None)
    assert not User.objects.exists()
