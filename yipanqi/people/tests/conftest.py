import pytest
from django.db import connection, transaction


@pytest.fixture(scope="module")
def shared_people(django_db_setup, django_db_blocker):
    """One district with people for a whole module of read-only tests, rolled back at the end.

    Each test still runs inside its own savepoint (request `db` too), so what a test writes is
    undone before the next one.
    """
    from yipanqi.people.tests.factories import build_people

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = build_people()
            # once, not again in every test's savepoint (see the root conftest's fenghua_demo)
            connection.check_constraints()
            yield data
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared(shared_people, db):
    return shared_people


@pytest.fixture
def shared_client(client, shared):
    """A Django test client signed in as a persona of the shared data set."""

    def sign_in(name: str):
        client.force_login(shared.personas[name])
        return client

    return sign_in


@pytest.fixture
def shared_api(shared):
    """A DRF API client authenticated as a persona of the shared data set."""
    from rest_framework.test import APIClient

    def make(name: str):
        api = APIClient()
        api.force_authenticate(shared.personas[name])
        return api

    return make
