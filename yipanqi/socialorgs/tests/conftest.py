import pytest
from django.db import transaction


@pytest.fixture
def world(district):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.socialorgs.tests.factories import build_socialorgs_world

    return built_once("socialorgs", build_socialorgs_world, district)


@pytest.fixture(scope="module")
def shared_socialorgs(django_db_setup, django_db_blocker):
    """One socialorgs world for a whole module, rolled back at the end; each test still runs in
    its own savepoint (request `db` too)."""
    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.socialorgs.tests.factories import build_socialorgs_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_socialorgs_world(build_district())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_socialorgs, db):
    return shared_socialorgs
