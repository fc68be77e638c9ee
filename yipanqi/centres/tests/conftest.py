import pytest
from django.db import transaction


@pytest.fixture
def world(district):
    from yipanqi.centres.tests.factories import build_centres_world
    from yipanqi.core.tests.built_once import built_once

    return built_once("centres", build_centres_world, district)


@pytest.fixture(scope="module")
def shared_centres(django_db_setup, django_db_blocker):
    """One centres world for a whole module, rolled back at the end; each test still runs in its
    own savepoint (request `db` too)."""
    from yipanqi.centres.tests.factories import build_centres_world
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_centres_world(build_district())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_centres, db):
    return shared_centres
