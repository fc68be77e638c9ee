import pytest


@pytest.fixture
def world(district):
    from yipanqi.cobuilding.tests.factories import build_world

    return build_world(district)
