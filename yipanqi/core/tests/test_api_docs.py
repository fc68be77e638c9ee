"""The API schema and its Swagger page answer signed-in staff only (issue 23, item 9d), in every
environment: anonymous clients get 401 (the page: the sign-in form), residents and members 403."""

import pytest
from django.urls import resolve

from config.api_docs import ApiDocsReader

pytestmark = pytest.mark.django_db
SCHEMA, DOCS = "/api/schema/", "/api/docs/"


def test_anonymous_clients_get_no_schema(client):
    schema = client.get(SCHEMA, {"format": "json"})
    assert schema.status_code == 401
    assert schema.json()["code"] == "not_authenticated" and "openapi" not in schema.json()
    docs = client.get(DOCS)
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/")
    assert client.get(DOCS, {"script": ""}).status_code == 302


def test_anonymous_api_clients_get_no_schema(district):
    from rest_framework.test import APIClient

    response = APIClient().get(SCHEMA)
    assert response.status_code == 401 and b"openapi" not in response.content


@pytest.mark.parametrize("persona", ["district_admin", "community_admin_a1", "grid_worker_a1"])
def test_staff_read_the_schema_and_the_docs(persona, client_as, api_as):
    schema = api_as(persona).get(SCHEMA, {"format": "json"})
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    assert client_as(persona).get(DOCS).status_code == 200


@pytest.mark.parametrize("persona", ["resident_a1", "party_member_a1", "no_role"])
def test_residents_members_and_accounts_without_a_role_do_not(persona, client_as, api_as):
    assert api_as(persona).get(SCHEMA, {"format": "json"}).status_code == 403
    assert client_as(persona).get(DOCS).status_code == 403


def test_a_django_staff_user_reads_the_schema(django_user_model, client):
    admin = django_user_model.objects.create_user(
        username="ops", password="Zq-8v!mT2#pa", is_staff=True
    )
    client.force_login(admin)
    assert client.get(SCHEMA, {"format": "json"}).status_code == 200


def test_the_nav_offers_the_docs_to_staff_only(client_as):
    assert 'href="/api/docs/"' in client_as("community_admin_a1").get("/").content.decode()
    assert 'href="/api/docs/"' not in client_as("resident_a1").get("/").content.decode()


def test_both_views_carry_the_permission_whatever_the_environment():
    for path in (SCHEMA, DOCS):
        view = resolve(path).func
        while not hasattr(view, "cls"):
            view = view.__wrapped__
        assert view.initkwargs["permission_classes"] == [ApiDocsReader], path


PROBE = """
import django
django.setup()
from django.test import Client
client = Client()
schema = client.get("/api/schema/", secure=True)
docs = client.get("/api/docs/", secure=True)
print(schema.status_code, b"openapi" in schema.content, docs.status_code, docs["Location"])
"""


def test_production_settings_give_anonymous_clients_no_schema():
    """The same under config.settings.production (HTTPS, its own middleware and settings)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "YIPANQI_"))}
    clean.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 50,
        YIPANQI_FIELD_KEY="cHJvZHVjdGlvbi1maWVsZC1rZXktMzItYnl0ZXMtISE=",
        YIPANQI_INDEX_KEY="cHJvZHVjdGlvbi1pbmRleC1rZXktMzItYnl0ZXMtISE=",
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=root, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    status, leaked, docs, location = result.stdout.split()
    assert (status, leaked, docs) == ("401", "False", "302")
    assert location.startswith("/accounts/login/")
