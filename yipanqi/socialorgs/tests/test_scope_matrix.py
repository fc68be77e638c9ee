"""The scope matrix for the socialorgs app: every persona × every page and API endpoint.

The oracle is written from where the factory put each row (hub at the district, org a and its
offer in town A, org b in town B with its offer in B1, org a1 in A1; needs in A1 and B1; the
engagement of org a in A1; application a in town A with reviewers 1 and 2, application b in town
B) and each persona's grant, never from the permission code: administrators and auditors see
their subtree; a community administrator also sees the offers serving areas above it; an
organisation's staff see their own organisation, its offers, engagements and applications; a
reviewer sees only the applications assigned to them; everyone who reads the structure sees the
district's rounds; security administrators and people without a role see none of it.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.socialorgs import actions

PERSONAS = [
    "district_admin", "town_admin_a", "community_admin_a1", "community_admin_b1",
    "grid_worker_a1", "resident_a1", "auditor_a", "staff_a", "staff_b", "reviewer_1",
    "reviewer_3", "security_admin", "no_role",
]  # fmt: skip
ROUND_READERS = set(PERSONAS) - {"security_admin", "no_role"}
ORACLE = {
    "orgs": {
        "district_admin": {"hub", "a", "b", "a1"}, "town_admin_a": {"a", "a1"},
        "auditor_a": {"a", "a1"}, "community_admin_a1": {"a1"}, "staff_a": {"a"}, "staff_b": {"b"},
    },
    "needs": {
        "district_admin": {"a1", "b1"}, "town_admin_a": {"a1"}, "auditor_a": {"a1"},
        "community_admin_a1": {"a1"}, "community_admin_b1": {"b1"},
    },
    "offers": {
        "district_admin": {"a", "b"}, "town_admin_a": {"a"}, "auditor_a": {"a"},
        "community_admin_a1": {"a"}, "community_admin_b1": {"b"}, "staff_a": {"a"}, "staff_b": {"b"},
    },
    "engagements": {
        "district_admin": {"a1"}, "town_admin_a": {"a1"}, "auditor_a": {"a1"},
        "community_admin_a1": {"a1"}, "staff_a": {"a1"},
    },
    "applications": {
        "district_admin": {"a", "b"}, "town_admin_a": {"a"}, "auditor_a": {"a"}, "staff_a": {"a"},
        "staff_b": {"b"}, "reviewer_1": {"a"},
    },
    "reviews": {"reviewer_1": {"a"}},
    "rounds": {p: {"round"} for p in ROUND_READERS},
}  # fmt: skip


@pytest.fixture(scope="module")
def matrix(shared_socialorgs, django_db_blocker):
    w = shared_socialorgs
    with django_db_blocker.unblock():
        app_a = w.apply("a", title="楼道议事会")
        app_b = w.apply("b", title="调解驿站")
        actions.application_screen(application=app_a, eligible=True, actor=w.funder)
        actions.reviewers_assign(application=app_a, reviewers=w.reviewers[:2], actor=w.funder)
        engagement = actions.need_accept(need=w.needs["a1"], offer=w.offers["a"],
                                         actor=w.personas["community_admin_a1"])  # fmt: skip
        review = app_a.reviews.get(reviewer=w.reviewers[0])
    rows = {
        "orgs": w.orgs,
        "needs": w.needs,
        "offers": w.offers,
        "engagements": {"a1": engagement},
        "applications": {"a": app_a, "b": app_b},
        "reviews": {"a": review},
        "rounds": {"round": w.round},
    }
    return w, rows


def expected(rows, kind: str, persona: str) -> set[int]:
    return {rows[kind][k].pk for k in ORACLE[kind].get(persona, set())}


def api(w, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(w.personas[persona])
    return client


def all_ids(client: APIClient, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


LISTS = {
    "orgs": "/api/v1/socialorgs/",
    "needs": "/api/v1/socialorgs/needs/",
    "offers": "/api/v1/socialorgs/offers/",
    "engagements": "/api/v1/socialorgs/engagements/",
    "rounds": "/api/v1/socialorgs/rounds/",
    "applications": "/api/v1/socialorgs/applications/",
    "reviews": "/api/v1/socialorgs/reviews/",
}
DETAILS = {
    "orgs": ("/api/v1/socialorgs/{}/", "/socialorgs/orgs/{}/"),
    "needs": ("/api/v1/socialorgs/needs/{}/", "/socialorgs/needs/{}/"),
    "engagements": ("/api/v1/socialorgs/engagements/{}/", "/socialorgs/engagements/{}/"),
    "rounds": ("/api/v1/socialorgs/rounds/{}/", "/socialorgs/rounds/{}/"),
    "applications": ("/api/v1/socialorgs/applications/{}/", "/socialorgs/applications/{}/"),
    "reviews": ("/api/v1/socialorgs/reviews/{}/", "/socialorgs/reviews/{}/"),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_lists_return_exactly_the_oracle(persona, matrix, db):
    w, rows = matrix
    client = api(w, persona)
    for kind, url in LISTS.items():
        assert all_ids(client, url) == expected(rows, kind, persona), (kind, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_details_answer_404_out_of_scope_on_pages_and_api(persona, matrix, db):
    w, rows = matrix
    client, page = api(w, persona), Client()
    page.force_login(w.personas[persona])
    for kind, (api_url, page_url) in DETAILS.items():
        seen = expected(rows, kind, persona)
        for row in rows[kind].values():
            want = 200 if row.pk in seen else 404
            assert client.get(api_url.format(row.pk)).status_code == want, (kind, persona, row)
            assert page.get(page_url.format(row.pk)).status_code == want, (kind, persona, row)
        public = page.get(f"/socialorgs/rounds/{w.round.pk}/publicity/")
        assert public.status_code == (200 if persona in ROUND_READERS else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_list_pages_show_exactly_the_oracle(persona, matrix, db):
    w, rows = matrix
    page = Client()
    page.force_login(w.personas[persona])
    directory = page.get("/socialorgs/")
    assert {o.pk for o in directory.context["page_obj"]} == expected(rows, "orgs", persona)
    board = page.get("/socialorgs/board/")
    assert {n.pk for n in board.context["needs"]} == expected(rows, "needs", persona) - {
        rows["needs"]["a1"].pk  # matched: no longer open
    }
    assert {o.pk for o in board.context["offers"]} == expected(rows, "offers", persona)
    assert {e.pk for e in board.context["engagements"]} == expected(rows, "engagements", persona)
    rounds = page.get("/socialorgs/rounds/")
    assert {r.pk for r in rounds.context["rounds"]} == expected(rows, "rounds", persona)
    reviews = page.get("/socialorgs/reviews/")
    assert {r.pk for r in reviews.context["page_obj"]} == expected(rows, "reviews", persona)
    tranches = page.get("/socialorgs/tranches/")
    assert tranches.status_code == 200
    pipeline = page.get(f"/socialorgs/rounds/{w.round.pk}/")
    if persona in ROUND_READERS:
        shown = {a.pk for _s, _l, apps in pipeline.context["pipeline"] for a in apps}
        assert shown == expected(rows, "applications", persona)


def test_anonymous_users_are_sent_to_sign_in_and_the_api_refuses_them(matrix, db):
    w, _rows = matrix
    assert Client().get("/socialorgs/").status_code == 302
    assert APIClient().get("/api/v1/socialorgs/").status_code in (401, 403)
