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
from django.db import transaction
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


# --- the administrators' forms and steps: who gets the page, who is refused, who finds nothing ---

# Who manages each organisation (registers its staff, records its incubation): the
# administrators covering its area — not its auditors, not its own staff.
MANAGERS = {
    "district_admin": {"hub", "a", "b", "a1"}, "town_admin_a": {"a", "a1"},
    "community_admin_a1": {"a1"},
}  # fmt: skip
# Who records incubation: the administrators of a street (the district's, town A's).
STREET_ADMINS = {"district_admin", "town_admin_a"}
REGISTRARS = {"district_admin", "town_admin_a", "community_admin_a1", "community_admin_b1"}
PURCHASERS = {"district_admin", "town_admin_a"}


def _status(seen: bool, allowed: bool) -> int:
    return 404 if not seen else (200 if allowed else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_administrators_pages_answer_by_persona(persona, matrix, db):
    w, rows = matrix
    page = Client()
    page.force_login(w.personas[persona])
    pages = {
        "/socialorgs/orgs/new/": persona in REGISTRARS,
        "/socialorgs/engagements/purchase/": persona in PURCHASERS,
        "/socialorgs/rounds/new/": persona == "district_admin",
    }
    for url, allowed in pages.items():
        assert page.get(url).status_code == (200 if allowed else 403), (url, persona)
    seen = expected(rows, "orgs", persona)
    for key, org in rows["orgs"].items():
        manages = key in MANAGERS.get(persona, set())
        staff = page.get(f"/socialorgs/orgs/{org.pk}/staff/").status_code
        assert staff == _status(org.pk in seen, manages), ("staff", key, persona)
        incubation = page.get(f"/socialorgs/orgs/{org.pk}/incubation/").status_code
        assert incubation == _status(org.pk in seen, persona in STREET_ADMINS), (key, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_administrators_api_steps_answer_by_persona(persona, matrix, db):
    """A body the action would refuse (an unknown account, a street out of reach, no open
    incubation): 404 out of scope, 403 without the right, else the step's own 400 / 404 / 409."""
    w, rows = matrix
    client = api(w, persona)
    seen = expected(rows, "orgs", persona)
    for key, org in rows["orgs"].items():
        base = f"/api/v1/socialorgs/{org.pk}"
        staff = client.post(f"{base}/staff/", {"username": "nobody_here"}, format="json")
        manages = key in MANAGERS.get(persona, set())
        assert staff.status_code == (400 if manages else 403) if org.pk in seen else 404
        start = client.post(f"{base}/incubation/start/", {"on": "2021-01-01"}, format="json")
        # no open incubation: 409 for a street's administrators, 403 for other readers
        want = (409 if persona in STREET_ADMINS else 403) if org.pk in seen else 404
        assert start.status_code == want, (key, persona)
    body = {
        "name": "某组织",
        "legal_form": "community",
        "registered_on": "2021-01-05",
        "area_id": w.d.communities[3].pk,
    }  # B2: nobody's here but the district's
    registered = client.post("/api/v1/socialorgs/register/", body, format="json").status_code
    want = 403 if persona not in REGISTRARS else (201 if persona == "district_admin" else 404)
    assert registered == want, persona
    purchase = {"organisation_id": rows["orgs"]["a"].pk, "community_id": w.d.communities[0].pk,
                "title": "助餐", "price_class": "free", "purchaser": "街道", "contract_fen": 100,
                "started_on": "2021-04-01"}  # fmt: skip
    bought = client.post("/api/v1/socialorgs/engagements/purchase/", purchase, format="json")
    assert bought.status_code == (201 if persona in PURCHASERS else 403), persona


# --- the other form pages and the steps, on pages and the API ------------------------------------

NEED_POSTERS = {"district_admin", "town_admin_a", "community_admin_a1", "community_admin_b1"}
STAFF = {"staff_a", "staff_b"}
# Who logs a delivery of A1's engagement: its organisation's staff and the administrators above.
LOGGERS = {"district_admin", "town_admin_a", "community_admin_a1", "staff_a"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_form_pages_answer_by_persona(persona, matrix, db):
    w, _rows = matrix
    page = Client()
    page.force_login(w.personas[persona])
    assert page.get("/socialorgs/needs/new/").status_code == (
        200 if persona in NEED_POSTERS else 403
    )
    assert page.get("/socialorgs/offers/new/").status_code == (200 if persona in STAFF else 403)
    apply = page.get(f"/socialorgs/rounds/{w.round.pk}/apply/").status_code
    assert apply == _status(persona in ROUND_READERS, persona in STAFF), persona
    assert page.get("/socialorgs/reviews/").status_code == 200
    assert page.get("/socialorgs/tranches/").status_code == 200


def _rolled_back(call):
    """The response of one request whose writes are undone (each step is tried on the same row)."""
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_steps_answer_by_persona_on_pages_and_api(persona, matrix, db):
    """404 out of scope, 403 in scope without the right, else the step is taken (302 / 200)."""
    w, rows = matrix
    page, client = Client(), api(w, persona)
    page.force_login(w.personas[persona])
    app_b, need_b1 = rows["applications"]["b"], rows["needs"]["b1"]
    engagement = rows["engagements"]["a1"]
    seen_app = app_b.pk in expected(rows, "applications", persona)
    cases = [  # (page URL, page body, API URL, API body, seen, allowed)
        (f"/socialorgs/applications/{app_b.pk}/screen/", {"passed": "1"},
         f"/api/v1/socialorgs/applications/{app_b.pk}/screen/", {"eligible": True},
         seen_app, persona == "district_admin"),
        (f"/socialorgs/rounds/{w.round.pk}/close_call/", {},
         f"/api/v1/socialorgs/rounds/{w.round.pk}/close-call/", {},
         persona in ROUND_READERS, persona == "district_admin"),
        (f"/socialorgs/needs/{need_b1.pk}/accept/", {"offer": rows["offers"]["b"].pk},
         f"/api/v1/socialorgs/needs/{need_b1.pk}/accept/", {"offer_id": rows["offers"]["b"].pk},
         persona in {"district_admin", "community_admin_b1"}, True),
        (f"/socialorgs/engagements/{engagement.pk}/log/", {"note": "送餐上门", "people": "3"},
         f"/api/v1/socialorgs/engagements/{engagement.pk}/log/",
         {"note": "送餐上门", "people": 3, "delivered_on": str(engagement.started_on)},
         engagement.pk in expected(rows, "engagements", persona), persona in LOGGERS),
    ]  # fmt: skip
    for page_url, page_body, api_url, api_body, seen, allowed in cases:
        on_page = _rolled_back(lambda: page.post(page_url, page_body)).status_code  # noqa: B023
        assert on_page == {200: 302}.get(_status(seen, allowed), _status(seen, allowed)), (
            page_url, persona, on_page,
        )  # fmt: skip
        on_api = _rolled_back(lambda: client.post(api_url, api_body, format="json"))  # noqa: B023
        assert on_api.status_code in (
            (200, 201) if _status(seen, allowed) == 200 else (_status(seen, allowed),)
        ), (api_url, persona, on_api.status_code, on_api.content)


# Every route of the app and the test of this module (or another) that walks it as every persona.
COVERED = {
    "org_list": "list pages", "org_detail": "details", "org_new": "administrators' pages",
    "org_staff": "administrators' pages", "org_incubation": "administrators' pages",
    "purchase_new": "administrators' pages", "round_new": "administrators' pages",
    "board": "list pages", "need_new": "form pages", "need_detail": "details",
    "need_accept": "steps", "offer_new": "form pages", "engagement_detail": "details",
    "engagement_log": "steps", "round_list": "list pages", "round_detail": "details",
    "application_new": "form pages", "publicity": "details", "round_step": "steps",
    "application_detail": "details", "application_step": "steps", "my_reviews": "form pages",
    "review_score": "details", "tranches": "form pages",
    "tranche_pay": "core/tests/test_foreign_ids.py (the other community's tranches: 404)",
    "api-socialorgs": "API lists", "api-socialorgs-register": "administrators' API steps",
    "api-socialorg": "details", "api-socialorg-staff": "administrators' API steps",
    "api-socialorgs-engagement-purchase": "administrators' API steps",
    "api-socialorgs-needs": "API lists", "api-socialorgs-need": "details",
    "api-socialorgs-need-accept": "steps", "api-socialorgs-offers": "API lists",
    "api-socialorgs-engagements": "API lists", "api-socialorgs-engagement": "details",
    "api-socialorgs-rounds": "API lists", "api-socialorgs-round": "details",
    "api-socialorgs-applications": "API lists", "api-socialorgs-application": "details",
    "api-socialorgs-reviews": "API lists", "api-socialorgs-review": "details",
    "api-socialorg-incubation-enter": "test_manage (404 / 403 by persona)",
    "api-socialorg-incubation-start": "administrators' API steps",
    "api-socialorg-incubation-graduate": "test_transitions (stage × step × persona)",
    "api-socialorg-incubation-exit": "test_transitions (stage × step × persona)",
    "api-socialorgs-round-close-call": "steps",
    "api-socialorgs-application-screen": "steps", "api-socialorgs-engagement-log": "steps",
    # the other steps: the same StepApi reading (404 out of scope: core/tests/test_foreign_ids),
    # the action's permission walked by test_transitions (state × step × persona)
    "api-socialorgs-need-withdraw": "test_foreign_ids", "api-socialorgs-tranche-pay": "test_api",
    "api-socialorgs-round-open": "test_manage", "api-socialorgs-round-apply": "test_api",
    "api-socialorgs-round-publicise": "test_transitions", "api-socialorgs-round-approve":
    "test_transitions", "api-socialorgs-round-close": "test_transitions",
    "api-socialorgs-engagement-complete": "test_foreign_ids",
    "api-socialorgs-application-reviewers": "test_foreign_ids",
    "api-socialorgs-application-sign": "test_transitions",
    "api-socialorgs-application-midterm": "test_transitions",
    "api-socialorgs-application-final": "test_transitions",
    "api-socialorgs-application-close": "test_transitions",
    "api-socialorgs-review-score": "test_foreign_ids", "api-socialorgs-review-conflict":
    "test_foreign_ids",
}  # fmt: skip


def test_every_route_of_the_app_is_walked():
    """A new page or endpoint fails this until a persona walk covers it (named above)."""
    from yipanqi.socialorgs import urls
    from yipanqi.socialorgs.api import urls as api_urls

    names = {p.name for p in [*urls.urlpatterns, *api_urls.urlpatterns]}
    assert names == set(COVERED)
