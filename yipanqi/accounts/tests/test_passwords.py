"""Password policy (R-ID-2): length by account kind, three character classes, not common, not
similar to the username; enforced when accounts are created and passwords changed."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from yipanqi.accounts.actions import user_create, user_set_password
from yipanqi.accounts.models import AccountKind, User
from yipanqi.organisations.tests.factories import PASSWORD


def _codes(password: str, user: User | None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def staff(username: str = "zhang_wei") -> User:
    return User(username=username, kind=AccountKind.STAFF)


def public(username: str = "li_na") -> User:
    return User(username=username, kind=AccountKind.PUBLIC)


@pytest.mark.parametrize(
    ("password", "user"),
    [
        pytest.param("Grid#Visit-0425", staff(), id="staff-15-chars-4-classes"),
        pytest.param("gridvisit-0425", staff(), id="staff-3-classes-no-upper"),
        pytest.param("Gridvisit0425", staff(), id="staff-3-classes-no-symbol"),
        pytest.param("Abcd#123", public(), id="public-8-chars"),
        pytest.param("红旗#Grid-0425", staff(), id="chinese-characters-allowed"),
        pytest.param("Grid#Visit-0425", None, id="no-user-means-staff-rules"),
    ],
)
def test_good_passwords_are_accepted(password, user):
    assert _codes(password, user) == set()


@pytest.mark.parametrize(
    ("password", "user", "code"),
    [
        pytest.param("Abcd#1234xy", staff(), "password_too_short", id="staff-11-chars"),
        pytest.param("Abc#123", public(), "password_too_short", id="public-7-chars"),
        pytest.param("Abc#1234", None, "password_too_short", id="no-user-needs-12"),
        pytest.param("gridvisitorders", staff(), "password_too_simple", id="one-class"),
        pytest.param("gridvisit0425x", staff(), "password_too_simple", id="two-classes"),
        pytest.param("Password1234", staff(), "password_too_common", id="common-staff"),
        pytest.param("P@ssw0rd", public(), "password_too_common", id="common-public"),
        pytest.param("758203419265", staff(), "password_entirely_numeric", id="numeric"),
        pytest.param(
            "Zhang_Wei#2021", staff("zhang_wei2021"), "password_too_similar", id="like-username"
        ),
    ],
)
def test_weak_passwords_are_rejected(password, user, code):
    assert code in _codes(password, user)


def test_user_create_enforces_the_policy(db):
    with pytest.raises(ValidationError):
        user_create(username="wang_fang", password="short", actor=None)

    assert not User.objects.filter(username="wang_fang").exists()


def test_user_create_with_a_good_password_can_sign_in(db):
    user = user_create(username="wang_fang", password="Grid#Visit-0425", actor=None)

    assert user.check_password("Grid#Visit-0425")
    assert user.password_changed_at is not None


def test_user_set_password_enforces_the_policy(personas):
    user = personas["community_admin_a1"]

    with pytest.raises(ValidationError):
        user_set_password(user=user, password="community_admin_a1", actor=user)


def test_password_change_page_rejects_a_weak_password(client_as):
    client = client_as("community_admin_a1")

    response = client.post(
        "/accounts/me/",
        {"old_password": PASSWORD, "new_password1": "abc12345", "new_password2": "abc12345"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
