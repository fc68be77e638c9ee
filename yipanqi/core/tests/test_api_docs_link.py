"""The API documentation (issue 21): offered in the account menu to the roles that use the API
(core.models.API_DOC_ROLES, declared as a navigation entry), and drawn inside the site's frame —
its language, menu, one main landmark and heading, and a way back."""

import re

import pytest

pytestmark = pytest.mark.django_db
DOCS = "/api/docs/"


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("district_admin", True),
        ("town_admin_a", True),
        ("community_admin_a1", True),
        ("auditor_a", True),
        ("system_admin", True),
        ("security_admin", True),
        ("audit_admin", True),
        ("grid_worker_a1", False),
        ("party_member_a1", False),
        ("resident_a1", False),
        ("no_role", False),
    ],
)
def test_the_docs_are_offered_to_the_roles_that_use_the_api(persona, offered, client_as):
    response = client_as(persona).get("/")
    assert (DOCS in [i["url"] for i in response.context["account_items"]]) is offered
    assert (f'href="{DOCS}"' in response.content.decode()) is offered
    # an account-menu entry is not a page of the bar
    assert DOCS not in [i["url"] for i in response.context["nav_items"]]


def test_the_docs_page_is_inside_the_sites_frame(client_as):
    html = client_as("community_admin_a1").get(DOCS).content.decode()
    assert re.search(r'<html lang="zh-hans"', html)
    assert html.count("<main") == 1 and html.count("<h1") == 1
    assert '<h1 class="h4">API 文档</h1>' in html
    assert 'class="breadcrumb-item"><a href="/">' in html  # the way back
    assert 'id="swagger-ui"' in html and "?script=" in html  # Swagger UI, its init script apart
    assert "<script>" not in html  # no inline script: CSP stays strict
