"""The workflow kernel: the system actor passes permission checks, users are asked."""

from types import SimpleNamespace

import pytest

from yipanqi.core.actors import system
from yipanqi.core.errors import Forbidden
from yipanqi.core.workflow import require_permission, user_of


def test_the_system_actor_is_not_asked():
    asked = []
    require_permission(system("test"), lambda actor: asked.append(actor) or False)
    assert asked == []


def test_a_user_is_asked_and_refused():
    user = SimpleNamespace(pk=7, is_authenticated=True)
    with pytest.raises(Forbidden):
        require_permission(user, lambda actor, area: actor is user and area == "x", "y")
    require_permission(user, lambda actor, area: actor is user and area == "x", "x")


def test_user_of_names_the_person_a_system_action_was_taken_for():
    user = SimpleNamespace(pk=7, is_authenticated=True)
    assert user_of(user) is user
    assert user_of(system("grid.follow_up", on_behalf_of=user)) is user
    assert user_of(system("demo")) is None
    assert user_of(None) is None
