import pytest


@pytest.fixture
def district(db):
    from yipanqi.organisations.tests.factories import build_district

    return build_district()


@pytest.fixture
def personas(district):
    return district.personas


@pytest.fixture
def client_as(client, personas):
    """A Django test client signed in as the named persona."""

    def sign_in(name: str):
        client.force_login(personas[name])
        return client

    return sign_in


@pytest.fixture
def api_as(personas):
    """A DRF API client authenticated as the named persona."""
    from rest_framework.test import APIClient

    def make(name: str):
        api = APIClient()
        api.force_authenticate(personas[name])
        return api

    return make
