import pytest


@pytest.fixture
def world(district):
    from yipanqi.cobuilding.tests.factories import build_world
    from yipanqi.core.tests.built_once import built_once

    return built_once("cobuilding", build_world, district)
