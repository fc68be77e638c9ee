import pytest
from django.db import transaction


@pytest.fixture
def world(district):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.workforce.tests.factories import build_workforce_world

    return built_once("workforce", build_workforce_world, district)


@pytest.fixture(scope="module")
def shared_workforce(django_db_setup, django_db_blocker):
    """One workforce world for a whole module, rolled back at the end; each test still runs in
    its own savepoint (request `db` too)."""
    from yipanqi.organisations.tests.factories import build_district
    from yipanqi.workforce.tests.factories import build_workforce_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_workforce_world(build_district())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared_world(shared_workforce, db):
    return shared_workforce
