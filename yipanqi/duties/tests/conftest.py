import pytest


@pytest.fixture
def world(db):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.duties.tests.factories import build_duties_world

    return built_once("duties", build_duties_world)
