import pytest


@pytest.fixture
def world(db):
    from yipanqi.core.tests.built_once import built_once
    from yipanqi.officers.tests.factories import build_officer_world

    return built_once("officers", build_officer_world)
