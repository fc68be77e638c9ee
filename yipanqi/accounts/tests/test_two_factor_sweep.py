"""R-ID-8 over every route: each role the second-factor policy names reaches no page and no API
endpoint of the URLconf before its session is verified, whatever the app (the list of routes is
read from the URLconf, so a new app's routes are swept without anyone adding them here)."""

import pytest
from django.test import Client

from yipanqi.accounts.middleware import OPEN_PATHS
from yipanqi.accounts.policies import TWO_FACTOR_DEFAULT
from yipanqi.core.tests.routes import concrete_paths

pytestmark = pytest.mark.django_db

PERSONA_OF_ROLE = {
    "district_admin": "district_admin",
    "town_admin": "town_admin_a",
    "community_admin": "community_admin_a1",
    "grid_worker": "grid_worker_a1",
    "auditor": "auditor_a",
    "system_admin": "system_admin",
    "security_admin": "security_admin",
    "audit_admin": "audit_admin",
}


def _paths() -> list[str]:
    return concrete_paths(skip=OPEN_PATHS)


def test_the_sweep_covers_every_app():
    prefixes = {p.split("/")[1] for p in _paths()}
    assert {"people", "orders", "grid", "api", "audit", "venues", "partylife"} <= prefixes
    assert len(_paths()) > 300


def test_the_policy_roles_are_all_swept():
    assert set(PERSONA_OF_ROLE) == set(TWO_FACTOR_DEFAULT)


def _refused(path: str, response) -> bool:
    if path.startswith("/api/"):
        return response.status_code == 403 and response.json().get("code") == "two_factor_required"
    return response.status_code == 302 and "/accounts/2fa/" in response.url


def test_an_unverified_session_reaches_no_route(settings, personas):
    """Every route, GET and POST, by one of the roles in turn (the gate reads the session, not
    the route, so each role taking every eighth route still tries each role on pages and API)."""
    settings.YIPANQI_TWO_FACTOR = True
    clients = []
    for role in TWO_FACTOR_DEFAULT:
        client = Client()
        client.force_login(personas[PERSONA_OF_ROLE[role]])
        clients.append((role, client))
    reached, tried = [], set()
    for i, path in enumerate(_paths()):
        role, client = clients[i % len(clients)]
        tried.add((role, path.startswith("/api/")))
        for method in (client.get, client.post):
            response = method(path)
            if not _refused(path, response):
                reached.append((role, method.__name__, path, response.status_code))
    assert reached == []
    assert tried == {(role, api) for role in TWO_FACTOR_DEFAULT for api in (True, False)}
