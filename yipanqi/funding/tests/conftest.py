import pytest


@pytest.fixture
def world(district, settings, tmp_path):
    from yipanqi.funding.tests.factories import build_funding_world

    settings.MEDIA_ROOT = tmp_path / "uploads"
    return build_funding_world(district)
