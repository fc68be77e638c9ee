"""R-ID-1's second half (docs/decisions/026-accounts-without-a-first-password.md): no account has
an empty password, and an account made in bulk without one has an unusable password, which no
password opens, until an account administrator sets a first one through the password rules."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from yipanqi.accounts.actions import NewUser, user_create, user_set_password, users_create_bulk
from yipanqi.accounts.models import AccountKind
from yipanqi.core.actors import system
from yipanqi.core.errors import Invalid
from yipanqi.organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["", "   "])
@pytest.mark.parametrize("validate", [True, False])
def test_no_account_is_made_with_an_empty_password(password, validate):
    with pytest.raises(Invalid) as refused:
        user_create(username="kong", password=password, actor=None, validate=validate)
    assert refused.value.code == "password_required"


@pytest.fixture
def bulk_staff():
    new = NewUser(username="bulk_staff", display_name="批量", kind=AccountKind.STAFF)
    (user,) = users_create_bulk(users=[new], password=None, actor=system("test"))
    return user


@pytest.mark.parametrize("password", ["", "!", PASSWORD])
def test_an_account_made_without_a_password_cannot_sign_in(bulk_staff, client, password):
    assert not bulk_staff.has_usable_password()
    page = client.post("/accounts/login/", {"username": "bulk_staff", "password": password})
    assert page.status_code == 200 and "_auth_user_id" not in client.session
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "bulk_staff", "password": password}, format="json"
    )
    assert token.status_code in (400, 401) and "token" not in token.json()


def test_its_first_password_goes_through_the_rules(bulk_staff, personas):
    admin = personas["district_admin"]
    with pytest.raises(ValidationError):
        user_set_password(user=bulk_staff, password="123", actor=admin)
    user_set_password(user=bulk_staff, password=PASSWORD, actor=admin)
    assert bulk_staff.has_usable_password() and bulk_staff.check_password(PASSWORD)
