"""The one scope mechanism: grants become path prefixes; no grant means no rows (fail closed)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from yipanqi.core import audit, registry
from yipanqi.core.models import AuditEvent, PersonalDataAccess
from yipanqi.core.registry import ScopeGrant
from yipanqi.core.scope import collapse, grant_for, restrict, rewrite_scope_paths, scoped_models
from yipanqi.organisations.models import Area


@pytest.mark.parametrize(
    ("prefixes", "expected"),
    [
        ((), ()),
        (["0001"], ("0001",)),
        (["0001", "0001"], ("0001",)),
        (["00010002", "0001"], ("0001",)),
        (["00010002", "00010001", "0002"], ("00010001", "00010002", "0002")),
        (["000100020003", "00010002", "0003"], ("00010002", "0003")),
    ],
)
def test_collapse_keeps_only_the_shortest_covering_prefixes(prefixes, expected):
    assert collapse(prefixes) == expected


def test_for_user_gives_anonymous_users_nothing(district):
    areas = Area.objects.for_user(AnonymousUser())

    assert areas.query.is_empty()
    assert list(areas) == []


def test_for_user_gives_none_to_a_user_without_grants(personas):
    assert Area.objects.for_user(personas["no_role"]).count() == 0
    assert AuditEvent.objects.for_user(personas["no_role"]).query.is_empty()


def test_for_user_gives_nothing_to_an_inactive_user(personas):
    user = personas["district_admin"]
    user.is_active = False

    assert Area.objects.for_user(user).query.is_empty()


def test_for_user_gives_nothing_for_an_action_the_policy_does_not_name(personas):
    assert Area.objects.for_user(personas["district_admin"], "destroy").query.is_empty()


def test_for_user_gives_nothing_while_no_scope_resolver_is_registered(personas, monkeypatch):
    monkeypatch.setattr(registry, "_resolvers", {})

    assert Area.objects.for_user(personas["district_admin"]).query.is_empty()


def test_for_user_gives_nothing_to_a_role_outside_the_models_policy(personas):
    # grid workers may read the area tree, but not the audit log
    assert AuditEvent.objects.for_user(personas["grid_worker_a1"]).query.is_empty()


def test_for_user_covers_the_granted_subtree_only(district, personas):
    a1 = district.communities[0]

    visible = set(Area.objects.for_user(personas["community_admin_a1"]))

    assert visible == set(Area.objects.filter(path__startswith=a1.path))
    assert district.communities[1] not in visible


def test_restrict_uses_collapsed_prefixes(district, personas, monkeypatch):
    # given: a resolver that returns a subtree and a node inside it
    town = district.towns[0]
    community = district.communities[0]
    monkeypatch.setitem(
        registry._resolvers,
        "scope",
        lambda user, action, model: ScopeGrant(prefixes=(community.path, town.path)),
    )

    # when
    areas = restrict(Area.objects.all(), personas["no_role"], "view")

    # then
    assert set(areas) == set(Area.objects.filter(path__startswith=town.path))


def test_grant_for_a_missing_user_is_empty():
    assert grant_for(None, "view", Area) == ScopeGrant()


def test_moving_a_subtree_leaves_audit_and_access_logs_where_they_were(district, personas):
    # given: history written under a community
    community = district.communities[0]
    event = audit.record(actor=None, action="core.test.before_move", target=community)
    access = PersonalDataAccess.objects.create(
        actor=personas["community_admin_a1"],
        subject_type="people.person",
        subject_id="1",
        subject_repr="张*丰",
        field="id_number",
        purpose="test",
        scope_path=community.scope_path,
        district_code=community.district_code,
    )

    # when: every scoped row under it moves (as organisations.area_move does)
    moved = rewrite_scope_paths(community.scope_path, "9999")

    # then
    assert moved >= 1
    assert AuditEvent.objects.get(pk=event.pk).scope_path == community.scope_path
    assert PersonalDataAccess.objects.get(pk=access.pk).scope_path == community.scope_path


def test_every_scoped_table_with_triggers_is_marked_append_only():
    assert {m for m in scoped_models() if getattr(m, "append_only", False)} >= {
        AuditEvent,
        PersonalDataAccess,
    }
