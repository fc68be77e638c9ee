"""pytest fixtures for browser tests (a pytest plugin the root conftest loads): a copy of the
demo served for one test module, and one headless Chromium for that module."""

import pytest

from yipanqi.core.testing import launch_chromium, start_demo_server, stop_demo_server


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo served from this module's own copy of the database (`demo_server.db_path`)."""
    server = start_demo_server(tmp_path_factory.mktemp("browser"))
    yield server
    stop_demo_server(server)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
