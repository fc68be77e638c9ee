import pytest


@pytest.fixture(autouse=True)
def _report_files_in_tmp(settings, tmp_path):
    """Report files the tests build go to the test's own folder, not var/uploads."""
    settings.MEDIA_ROOT = tmp_path / "media"
