"""What every scope matrix (an app's tests/test_scope_matrix.py) needs to ask as a persona: an
API client and a browser client signed in as them, and the ids of an API list over all its pages."""

from typing import Any

from django.test import Client
from rest_framework.test import APIClient


def api(world: Any, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def browser(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.personas[persona])
    return client


def api_ids(client: APIClient, url: str, page_size: int = 3) -> set[int]:
    """Every id the list returns, page after page; no row may come twice."""
    ids, next_url = [], f"{url}{'&' if '?' in url else '?'}page_size={page_size}"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    assert len(ids) == len(set(ids)), url  # no row twice across pages
    return set(ids)
