"""The project's own error pages (issue 21, "Served like production"): 400, 403, 404, 500 and a
refused form (CSRF) answer in the user's language inside the site's frame, with a way home; and
static files are served as collected, hashed files where the demo and production run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from yipanqi.core import views
from yipanqi.core.staticfiles import AppDirectoriesFinder, VendorFinder

ROOT = Path(__file__).resolve().parents[3]
HOME_LINK = 'href="/"'


@pytest.fixture(autouse=True)
def _messages(compiled_messages):
    """Every page here is checked in Chinese, the default language."""


def _page(response) -> str:
    return response.content.decode()


def test_a_wrong_url_gets_the_sites_404_in_chinese(client_as):
    response = client_as("community_admin_a1").get("/no-such-page/")

    html = _page(response)
    assert response.status_code == 404
    assert '<html lang="zh-hans">' in html and "页面不存在" in html
    assert HOME_LINK in html and "返回首页" in html
    assert 'id="nav"' in html  # inside the site's frame: the navigation is there
    assert "Content-Security-Policy" in response.headers


def test_an_anonymous_visitor_gets_the_same_404(client):
    response = client.get("/grid/no-such-page/")

    assert response.status_code == 404 and "页面不存在" in _page(response)


def test_a_page_refused_to_a_role_answers_403_in_words(client_as):
    response = client_as("grid_worker_a1").get("/audit/access-log/")

    assert response.status_code == 403
    assert "无权访问" in _page(response) and HOME_LINK in _page(response)


def test_a_request_for_another_host_answers_400_in_words(client):
    response = client.get("/accounts/login/", HTTP_HOST="elsewhere.example")

    assert response.status_code == 400 and "请求有误" in _page(response)


def test_a_form_sent_without_its_token_gets_the_sites_page(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["community_admin_a1"])

    response = client.post("/inbox/read-all/")

    html = _page(response)
    assert response.status_code == 403
    assert "表单已失效" in html and "刷新" in html and HOME_LINK in html


class _BrokenUser:
    """A request whose user cannot be read: what a failing database looks like to the frame."""

    @property
    def is_authenticated(self):
        raise RuntimeError("database unavailable")


def test_the_500_page_is_drawn_even_when_the_frame_cannot_be(db):
    request = RequestFactory().get("/somewhere/")
    request.user = _BrokenUser()

    response = views.error_500(request)

    html = _page(response)
    assert response.status_code == 500
    assert "出错了" in html and HOME_LINK in html and 'id="nav"' not in html


# --- static files ----------------------------------------------------------------------------


def _settings(**env: str) -> str:
    """The static-file settings a fresh process loads in the given environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "YIPANQI_"))}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.development")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, settings.STORAGES['staticfiles']['BACKEND'], "
        "settings.WHITENOISE_USE_FINDERS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_demo_serves_collected_hashed_files_with_debug_off():
    demo = _settings(YIPANQI_ENV="demo")
    assert demo == "False whitenoise.storage.CompressedManifestStaticFilesStorage False"


def test_development_serves_the_source_files():
    development = _settings(YIPANQI_ENV="development")
    assert development.endswith("django.contrib.staticfiles.storage.StaticFilesStorage True")


def test_tests_run_without_collectstatic(settings):
    assert settings.STORAGES["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
    assert settings.WHITENOISE_USE_FINDERS


def test_only_the_named_package_files_are_served_with_their_source_maps():
    listed = {f"{storage.prefix}/{name}" for name, storage in VendorFinder().list([])}

    assert "vendor/bootstrap/css/bootstrap.min.css" in listed
    assert "vendor/bootstrap/css/bootstrap.min.css.map" in listed  # its sourceMappingURL
    assert "vendor/echarts/echarts.min.js" in listed
    assert not any(name.startswith("vendor/echarts/extension") for name in listed)
    assert VendorFinder().find("vendor/htmx/htmx.min.js").endswith("htmx.min.js")
    assert VendorFinder().find("vendor/htmx/htmx.js") == []


def test_the_api_docs_files_come_from_the_list_not_the_whole_package():
    apps = AppDirectoriesFinder().storages
    assert "drf_spectacular_sidecar" not in apps and "rest_framework" in apps
    assert VendorFinder().find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_the_favicon_is_served_from_the_site_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
