"""The scope matrix for deliberation: every persona × every page and API endpoint.

The oracle is written from where the factory put each record (hall A1 = community 0, hall B1 =
community 2) and who holds what, never from the permission code: staff see the halls of their
subtree, the grid worker the hall where they hold a seat, residents and members only their own
topics and the public notices of where they live. Out of scope answers 404, like a missing id.
The lists are compared with every row each persona should see: the topics list with all topics of
the halls in scope and all the persona raised, read from the topic rows (`topics_in_scope`).
"""

import pytest

PERSONAS = [
    "district_admin",
    "town_admin_a",
    "community_admin_a1",
    "community_admin_a2",
    "community_admin_b1",
    "grid_worker_a1",
    "party_member_a1",
    "resident_a1",
    "auditor_a",
    "system_admin",
    "security_admin",
    "audit_admin",
    "no_role",
]
HALLS = {  # the halls whose topics, meetings and resolutions each persona sees
    "district_admin": {"a1", "b1"},
    "town_admin_a": {"a1"},
    "community_admin_a1": {"a1"},
    "community_admin_b1": {"b1"},
    "grid_worker_a1": {"a1"},  # holds the grid leader's seat
}
TASKS = {p: h for p, h in HALLS.items() if p != "grid_worker_a1"}  # follow-ups: staff in scope
NOTICES = {
    **HALLS,
    "party_member_a1": {"a1"},
    "resident_a1": {"a1"},
    "auditor_a": {"a1"},
}
OWN_TOPICS = {"resident_a1": {"a1"}, "community_admin_b1": {"b1"}}  # who raised the topics


def objects(world, key: str) -> dict[str, int]:
    loop = world.loops[key]
    return {
        "body": world.halls[key].body.pk,
        "meeting": loop.live_meeting.pk,
        "resolution": loop.published.pk,
        "topic": loop.raised.pk,
        "follow_up": loop.follow_up.pk,
        "notice": loop.published.pk,
    }


def allowed(persona: str, kind: str) -> set[str]:
    if kind == "follow_up":
        return TASKS.get(persona, set())
    if kind == "notice":
        return NOTICES.get(persona, set())
    if kind == "topic":
        return HALLS.get(persona, set()) | OWN_TOPICS.get(persona, set())
    return HALLS.get(persona, set())


PAGES = {
    "body": "/deliberation/bodies/{}/",
    "meeting": "/deliberation/meetings/{}/",
    "notice": "/deliberation/notices/{}/",
}
API = {
    "body": "/api/v1/deliberation/bodies/{}/",
    "topic": "/api/v1/deliberation/topics/{}/",
    "meeting": "/api/v1/deliberation/meetings/{}/",
    "resolution": "/api/v1/deliberation/resolutions/{}/",
    "follow_up": "/api/v1/deliberation/follow-ups/{}/",
    "notice": "/api/v1/deliberation/notices/{}/",
}
API_LISTS = {
    "body": "/api/v1/deliberation/bodies/",
    "topic": "/api/v1/deliberation/topics/",
    "meeting": "/api/v1/deliberation/meetings/",
    "resolution": "/api/v1/deliberation/resolutions/",
    "follow_up": "/api/v1/deliberation/follow-ups/",
    "notice": "/api/v1/deliberation/notices/",
}
WRITES = {  # out of scope: 404 before anything is checked or written
    "topic": ("/deliberation/topics/{}/accept/", "/api/v1/deliberation/topics/{}/accept/"),
    "meeting": ("/deliberation/meetings/{}/close/", "/api/v1/deliberation/meetings/{}/close/"),
    "resolution": (
        "/deliberation/resolutions/{}/publish/",
        "/api/v1/deliberation/resolutions/{}/publish/",
    ),
    "follow_up": ("/deliberation/followups/{}/order/", "/api/v1/deliberation/follow-ups/{}/order/"),
}


def _sign_in(client, loop, persona):
    client.force_login(loop.personas[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", PAGES)
def test_pages_answer_404_outside_scope(loop, client, persona, kind):
    browser = _sign_in(client, loop, persona)
    for key in ("a1", "b1"):
        response = browser.get(PAGES[kind].format(objects(loop, key)[kind]))
        expected = 200 if key in allowed(persona, kind) else 404
        assert response.status_code == expected, (persona, kind, key)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", API)
def test_api_details_answer_404_outside_scope(loop, api_client_for, persona, kind):
    api = api_client_for(loop, persona)
    missing = api.get(API[kind].format(10_000_000))
    assert missing.status_code == 404
    for key in ("a1", "b1"):
        response = api.get(API[kind].format(objects(loop, key)[kind]))
        if key in allowed(persona, kind):
            assert response.status_code == 200, (persona, kind, key)
        else:
            assert response.status_code == 404, (persona, kind, key)
            assert response.json() == missing.json()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", API_LISTS)
def test_api_lists_hold_exactly_the_rows_in_scope(loop, api_client_for, persona, kind):
    body = api_client_for(loop, persona).get(API_LISTS[kind] + "?page_size=100").json()
    assert body["next"] is None  # the whole list is on this page
    ids = {row["id"] for row in body["results"]}
    expected = {objects(loop, key)[kind] for key in allowed(persona, kind)}
    if kind == "topic":
        expected = topics_in_scope(loop, persona)
        halls = {k for k in ("a1", "b1") if _owns(loop, k, kind, expected)}
        assert halls == allowed(persona, kind)  # the oracle agrees with the declared layout
        assert len(expected) >= 3 * len(halls)  # every topic of a hall, not one per hall
        assert ids == expected
    elif kind in ("meeting", "resolution"):
        assert set(ids) >= expected
        owners = {k for k in ("a1", "b1") if _owns(loop, k, kind, ids)}
        assert owners == allowed(persona, kind)
    else:
        assert ids == expected


def topics_in_scope(loop, persona: str) -> set[int]:
    """Every topic row of a hall the persona sees (HALLS) or raised by them, in plain Python
    over all topic rows: where each row lies and who raised it, not the scope code."""
    from yipanqi.deliberation.models import Topic

    bodies = {loop.halls[key].body.pk for key in HALLS.get(persona, set())}
    user = loop.personas[persona].pk
    rows = Topic.objects.values_list("pk", "body_id", "raised_by_id")
    return {pk for pk, body, raiser in rows if body in bodies or raiser == user}


def _owns(loop, key: str, kind: str, ids: set[int]) -> bool:
    from yipanqi.deliberation.models import Meeting, Resolution, Topic

    model = {"meeting": Meeting, "resolution": Resolution, "topic": Topic}[kind]
    body = loop.halls[key].body
    field = "meeting__body" if kind == "resolution" else "body"
    return model.objects.filter(pk__in=ids, **{field: body}).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_follow_up_page_lists_only_tasks_in_scope(loop, client, persona):
    response = _sign_in(client, loop, persona).get("/deliberation/followups/?status=")
    assert response.status_code == 200
    ids = {task.pk for task in response.context["page_obj"]}
    assert ids == {objects(loop, key)["follow_up"] for key in TASKS.get(persona, set())}


@pytest.mark.parametrize("persona", PERSONAS)
def test_notice_page_lists_only_notices_of_ones_own_area(loop, client, persona):
    response = _sign_in(client, loop, persona).get("/deliberation/notices/")
    assert response.status_code == 200
    ids = {n.id for n in response.context["notices"]}
    assert ids == {objects(loop, key)["notice"] for key in NOTICES.get(persona, set())}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", WRITES)
def test_writes_outside_scope_answer_404(loop, client, api_client_for, persona, kind):
    page, endpoint = WRITES[kind]
    browser, api = _sign_in(client, loop, persona), api_client_for(loop, persona)
    for key in ("a1", "b1"):
        if key in allowed(persona, kind):
            continue
        pk = objects(loop, key)[kind]
        assert browser.post(page.format(pk)).status_code == 404, (persona, kind, key)
        assert api.post(endpoint.format(pk), {}, format="json").status_code == 404


@pytest.mark.parametrize("persona", ["party_member_a1", "resident_a1", "community_admin_a2"])
def test_raising_on_another_communitys_hall_is_404(loop, api_client_for, persona):
    api = api_client_for(loop, persona)
    body = {"body_id": loop.halls["b1"].body.pk, "title": "x", "description": "y"}
    assert api.post("/api/v1/deliberation/topics/", body, format="json").status_code == 404
