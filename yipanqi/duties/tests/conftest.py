import pytest


@pytest.fixture
def world(db):
    from yipanqi.duties.tests.factories import build_duties_world

    return build_duties_world()
