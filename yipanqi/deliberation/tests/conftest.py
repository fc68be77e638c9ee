import pytest


@pytest.fixture
def world(district):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.deliberation.tests.factories import build_world

    return built_once("deliberation", build_world, district)


@pytest.fixture(scope="module")
def shared_loop(django_db_setup, django_db_blocker):
    """Both halls with a full loop each (published resolution, follow-up with an order, an open
    meeting with a topic on its agenda), built once per module and rolled back at the end."""
    from django.db import transaction

    from yipanqi.deliberation.tests.factories import build_loops
    from yipanqi.organisations.tests.factories import build_district

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_loops(build_district())
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loop(shared_loop, db):
    return shared_loop


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(world, persona: str):
        api = APIClient()
        api.force_authenticate(world.personas[persona])
        return api

    return make
