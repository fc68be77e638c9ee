import pytest
from django.db import connection, transaction


@pytest.fixture(scope="module")
def shared_district(django_db_setup, django_db_blocker):
    """One district for a whole module of read-only tests, rolled back at the end.

    Each test still runs inside its own savepoint (request `db` too), so anything a test writes,
    such as a login's audit row, is undone before the next one.
    """
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            data = build_district()
            # once, not again in every test's savepoint (see the root conftest's fenghua_demo)
            connection.check_constraints()
            yield data
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def shared(shared_district, db):
    return shared_district
