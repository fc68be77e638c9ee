import pytest


@pytest.fixture
def world(db):
    from yipanqi.officers.tests.factories import build_officer_world

    return build_officer_world()
