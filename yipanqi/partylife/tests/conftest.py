import pytest
from django.db import transaction


@pytest.fixture
def world(district):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.partylife.tests.factories import build_party_world

    return built_once("partylife", build_party_world, district)


@pytest.fixture(scope="module")
def shared_party(django_db_setup, django_db_blocker):
    """One party-life world for a module, rolled back at the end; each test runs in its own
    savepoint (request `db` too)."""
    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.partylife.tests.factories import build_party_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_party_world(build_district())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_party, db):
    return shared_party
