"""No page or API answer with personal data may be kept by a browser or proxy cache (R-PI-3)."""

import pytest
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from yipanqi.people.tests.test_scope_matrix import api_for

API = "/api/v1/people"


def _pages(shared) -> list[str]:
    person, household = shared.persons[0], shared.households[0]
    member = next(iter(shared.members.values()))
    registration = next(iter(shared.registrations.values()))
    branch = shared.branches["a1"]
    return [
        "/people/",
        f"/people/?area={person.area_id}",
        f"/people/{person.pk}/",
        f"/people/households/{household.pk}/",
        "/people/members/",
        f"/people/members/{member.pk}/",
        f"/people/branches/{branch.pk}/feedback/",
        f"/people/branches/{branch.pk}/feedback/export/?year=2021",
        "/people/registrations/?status=all",
        f"/people/registrations/{registration.pk}/",
        "/people/import/",
        "/people/import/template/",
        "/people/export/",
    ]


def _api(shared) -> list[str]:
    person, household = shared.persons[0], shared.households[0]
    member = next(iter(shared.members.values()))
    registration = next(iter(shared.registrations.values()))
    branch = shared.branches["a1"]
    return [
        f"{API}/persons/",
        f"{API}/persons/{person.pk}/",
        f"{API}/households/",
        f"{API}/households/{household.pk}/",
        f"{API}/members/",
        f"{API}/members/{member.pk}/",
        f"{API}/registrations/",
        f"{API}/registrations/{registration.pk}/",
        f"{API}/branches/{branch.pk}/feedback/?year=2021",
    ]


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_every_people_page_is_not_stored(shared, shared_client):
    client = shared_client("district_admin")
    for url in _pages(shared):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_every_people_api_answer_is_not_stored(shared):
    api = api_for(shared, "district_admin")
    for url in _api(shared):
        response = api.get(url)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_searches_and_unmasking_are_not_stored(shared, shared_client):
    person = shared.persons[0]
    api = api_for(shared, "district_admin")
    number = shared.plain[person.pk][0]

    answers = [
        shared_client("district_admin").post("/people/", {"q": number}),
        api.post(f"{API}/persons/search/", {"q": number}, format="json"),
        api.post(
            f"{API}/persons/{person.pk}/unmask/",
            {"field": "id_number", "purpose": "核对身份"},
            format="json",
        ),
    ]

    assert all(_no_store(a) and a.status_code == 200 for a in answers)


def _list_urls(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every URL of the project without a path parameter."""
    urls: list[str] = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(?P" in route or "^" in route:
            continue
        if isinstance(entry, URLResolver):
            urls += _list_urls(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            urls.append("/" + prefix + route)
    return urls


@pytest.mark.parametrize("persona", ["district_admin", "grid_worker_a1", "party_member_a1"])
def test_every_signed_in_answer_is_not_stored(shared, shared_client, persona):
    """The rule is one for the whole site: any answer to a signed-in user, page or API."""
    client = shared_client(persona)  # session sign-in serves pages and the API alike
    checked = 0
    for url in _list_urls(get_resolver()):
        if "logout" in url or url.startswith("/static/"):
            continue
        answer = client.get(url)
        if answer.status_code < 500:
            checked += 1
            assert _no_store(answer), (url, answer.status_code)
    assert checked > 30


def test_answers_to_anonymous_visitors_keep_their_own_caching(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from yipanqi.core.middleware import PrivateResponseMiddleware

    public = HttpResponse("公示", headers={"Cache-Control": "max-age=60"})
    request = rf.get("/deliberation/notices/")
    request.user, request.session = AnonymousUser(), {}

    response = PrivateResponseMiddleware(lambda r: public)(request)

    assert response["Cache-Control"] == "max-age=60"
