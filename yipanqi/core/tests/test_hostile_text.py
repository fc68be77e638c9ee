"""Hostile text (R-IO-3, R-IO-4): SQL, markup and template payloads in every string field of
every API body never make a server error nor run as SQL, and stored markup is shown as text.

The operations come from the OpenAPI schema (a new app's endpoints are walked without anyone
listing them), on the small district of `test_bad_input` with real objects in the paths."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from yipanqi.core.tests import test_bad_input as bad
from yipanqi.core.tests.test_bad_input import _resolve, _signed_in, operations, url_of

pytestmark = pytest.mark.usefixtures("compiled_messages")

ROOT = Path(__file__).resolve().parents[3]
# the small district of test_bad_input (built once for this module too) and its clients
world, api_for = bad.world, bad.api_for

PAYLOADS = [
    "' OR '1'='1'; DROP TABLE people_person; --",
    '"><script>alert(1)</script><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}${7*7}#{7*7}",
    "1; SELECT pg_sleep(5) -- \\",
]
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def string_fields(op: dict) -> list[str]:
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not body:
        return []
    props = _resolve(body["schema"]).get("properties", {})
    return [name for name, prop in props.items() if _resolve(prop).get("type") == "string"]


def _cases():
    return [
        (path, method, fields)
        for path, method, op in operations("post", "put", "patch")
        if (fields := string_fields(op))
    ]


def test_the_walk_has_string_fields_to_send():
    assert len(_cases()) > 50


@pytest.mark.parametrize(
    ("path", "method", "fields"), _cases(), ids=[f"{m.upper()} {p}" for p, m, _ in _cases()]
)
def test_hostile_strings_never_break_an_endpoint(api_for, path, method, fields):
    client, url = api_for(path), url_of(path)
    send = getattr(client, method)
    tables = {label: apps.get_model(label).objects.count() for label in ("people.Person",)}
    for payload in PAYLOADS:
        response = send(url, dict.fromkeys(fields, payload), format="json")
        assert response.status_code < 500, (payload, response.content[:300])
        assert response["Content-Type"].startswith("application/json")
    assert tables == {label: apps.get_model(label).objects.count() for label in tables}


def _category_id() -> int:
    return apps.get_model("orders.OrderCategory").objects.order_by("pk").first().pk


def test_stored_markup_is_shown_as_text(world, db):
    resident = _signed_in(world.personas["resident_a1"])
    placed = resident.post(
        "/api/v1/orders/",
        {"category_id": _category_id(), "grid_id": world.grids[1].pk, "description": MARKUP},
        format="json",
    )
    assert placed.status_code == 201, placed.content
    admin = Client()
    admin.force_login(world.personas["community_admin_a1"])
    for url in (reverse("orders:detail", args=[placed.json()["id"]]), reverse("orders:list")):
        html = admin.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
        if url.endswith(f"/{placed.json()['id']}/"):
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


TEMPLATE_ESCAPES = re.compile(r"\|\s*safe(seq)?\b|\{%\s*autoescape\s+off|\{%\s*filter\s+safe")
PYTHON_ESCAPES = re.compile(r"\bmark_safe\(|\bSafeString\(|\bmark_for_escaping\(")
# The one place markup is marked safe: segno's SVG of a URL the server made (it escapes the title).
MARKED_SAFE_IN = {"yipanqi/core/qr.py"}


def _sources(suffix: str):
    for path in sorted(ROOT.joinpath("yipanqi").rglob(f"*{suffix}")):
        if "/tests/" not in str(path) and "/migrations/" not in str(path):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_no_template_turns_escaping_off():
    found = [name for name, text in _sources(".html") if TEMPLATE_ESCAPES.search(text)]
    assert found == []


def test_markup_is_marked_safe_in_one_reviewed_place_only():
    found = {name for name, text in _sources(".py") if PYTHON_ESCAPES.search(text)}
    assert found == MARKED_SAFE_IN
