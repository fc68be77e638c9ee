"""The scope matrix for notices: every persona × every notices page and API endpoint.

The oracle is written from the factory's layout (which notice was sent for which area, who was
asked), never from the permission code: a notice is seen by the administrators and auditors over
the area it was sent for, managed by those administrators; a receipt is its recipient's alone.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

A1 = {"a1_call", "a1_draft"}
SEES = {
    "district_admin": A1 | {"town_info", "b1_survey"},
    "town_admin_a": A1 | {"town_info"},
    "community_admin_a1": A1,
    "auditor_a": A1 | {"town_info"},
    "community_admin_b1": {"b1_survey"},
}
MANAGES = {"district_admin", "town_admin_a", "community_admin_a1"}  # of a1_draft
SENDERS = {"district_admin", "town_admin_a", "community_admin_a1", "community_admin_a2",
           "community_admin_b1"}  # fmt: skip
RECEIVES = {
    "member_x0": {"a1_call"},
    "member_x2": {"a1_call"},
    "resident_a1": {"a1_call"},
    "party_member_a1": {"a1_call", "town_info"},
}
PERSONAS = sorted(
    SENDERS | set(RECEIVES) | {"auditor_a", "grid_worker_a1", "system_admin", "security_admin",
                               "audit_admin", "no_role"}
)  # fmt: skip


def _ids(client, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


def _receipts(w, persona: str) -> dict[str, int]:
    """Every receipt of the world by (notice, recipient persona)."""
    return {f"{n}:{p}": w.receipt(n, p).pk for p, ns in RECEIVES.items() for n in ns}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_in_scope(shared_world, persona):
    w = shared_world
    client = APIClient()
    client.force_authenticate(w.personas[persona])
    seen = SEES.get(persona, set())
    assert _ids(client, "/api/v1/notices/") == {w.notices[n].pk for n in seen}
    for name, notice in w.notices.items():
        for url in (f"/api/v1/notices/{notice.pk}/", f"/api/v1/notices/{notice.pk}/board/",
                    f"/api/v1/notices/{notice.pk}/pending/"):  # fmt: skip
            assert client.get(url).status_code == (200 if name in seen else 404), url
    own = {f"{n}:{persona}" for n in RECEIVES.get(persona, set())}
    receipts = _receipts(w, persona)
    assert _ids(client, "/api/v1/notices/inbox/") == {receipts[k] for k in own}
    for key, pk in receipts.items():
        assert client.get(f"/api/v1/notices/inbox/{pk}/").status_code == (
            200 if key in own else 404
        )
    draft = w.notices["a1_draft"]
    cancelled = client.post(f"/api/v1/notices/{draft.pk}/cancel/", {"reason": "x"}, format="json")
    if persona in MANAGES:
        assert cancelled.status_code == 200
    else:
        assert cancelled.status_code == (403 if "a1_draft" in seen else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(shared_world, persona):
    w = shared_world
    client = Client()
    client.force_login(w.personas[persona])
    for url in ("/notices/", "/notices/sent/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/notices/new/").status_code == (200 if persona in SENDERS else 403)
    seen = SEES.get(persona, set())
    for name, notice in w.notices.items():
        for url in (f"/notices/{notice.pk}/", f"/notices/{notice.pk}/board/"):
            assert client.get(url).status_code == (200 if name in seen else 404), url
    own = {f"{n}:{persona}" for n in RECEIVES.get(persona, set())}
    for key, pk in _receipts(w, persona).items():
        assert client.get(f"/notices/r/{pk}/").status_code == (200 if key in own else 404), key
        read = client.post(f"/notices/r/{pk}/read/").status_code
        assert read == (204 if key in own else 404), key
    draft = w.notices["a1_draft"]
    sent = client.post(f"/notices/{draft.pk}/send/")
    if "a1_draft" not in seen:
        assert sent.status_code == 404
    else:
        assert sent.status_code == (302 if persona in MANAGES else 403)


def test_the_board_counts_only_the_readers_scope(shared_world):
    """A district notice to everyone: each community's administrator sees their own people."""
    from yipanqi.notices import actions, selectors
    from yipanqi.notices.tests.factories import TEST, notice

    w = shared_world
    district = w.district.district
    sent = actions.notice_send(
        notice=notice(w, district, {"kind": "area", "ids": [district.pk]}), actor=TEST
    )
    total = selectors.board(user=w.personas["district_admin"], notice=sent).overall.total
    assert total == 16
    # the community administrator does not see the district's notice itself …
    a1_admin = w.personas["community_admin_a1"]
    assert not selectors.notice_list(user=a1_admin).filter(pk=sent.pk).exists()
    # … and the town administrator counts only the receipts of their town
    town = selectors.board(user=w.personas["town_admin_a"], notice=sent)
    assert town.overall.total == 10


# --- drafts, attachments, named people ---------------------------------------------------------
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def filed(shared_world, settings, tmp_path):
    """A1's sent notice with a file (reached like a1_call), and A1's draft with two."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yipanqi.notices import actions
    from yipanqi.notices.tests.factories import TEST, notice

    settings.MEDIA_ROOT = tmp_path
    a1 = shared_world.district.communities[0]
    made = {}
    for key in ("sent", "draft"):
        row = notice(shared_world, a1, {"kind": "area", "ids": [a1.pk]}, title=f"附件{key}")
        upload = SimpleUploadedFile(f"{key}.pdf", PDF, content_type="application/pdf")
        made[key] = (row, actions.attachment_add(notice=row, upload=upload, actor=TEST))
    second = SimpleUploadedFile("second.pdf", PDF, content_type="application/pdf")
    made["second"] = (
        made["draft"][0],
        actions.attachment_add(notice=made["draft"][0], upload=second, actor=TEST),
    )
    actions.notice_send(notice=made["sent"][0], actor=TEST)
    return made


def _expected(persona: str, seen: set[str], ok: int) -> int:
    """A step on A1's draft: done by its managers, refused to its other readers, not found else."""
    if persona in MANAGES:
        return ok
    return 403 if "a1_draft" in seen else 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_drafts_files_and_people_in_scope(shared_world, filed, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = shared_world
    user = w.personas[persona]
    seen = SEES.get(persona, set())
    page, client = Client(), APIClient()
    page.force_login(user)
    client.force_authenticate(user)
    (sent, sent_file), (draft, draft_file) = filed["sent"], filed["draft"]
    # the sender's side of a file: whoever reads A1's notices
    reads = "a1_call" in seen
    assert page.get(f"/notices/{sent.pk}/files/{sent_file.pk}/").status_code == (
        200 if reads else 404
    )
    got = client.get(f"/api/v1/notices/{sent.pk}/attachments/{sent_file.pk}/")
    assert got.status_code == (200 if reads else 404)
    # the recipient's side: through their own receipt only
    mine = set(sent.recipients.filter(user=user).values_list("pk", flat=True))
    for receipt in sent.recipients.exclude(user=None):
        expected = 200 if receipt.pk in mine else 404
        url = f"/notices/r/{receipt.pk}/files/{sent_file.pk}/"
        assert page.get(url).status_code == expected, url
        api_url = f"/api/v1/notices/inbox/{receipt.pk}/attachments/{sent_file.pk}/"
        assert client.get(api_url).status_code == expected, api_url
    assert bool(mine) == (persona in RECEIVES)
    # the named-people search of the form: senders only
    assert page.get("/notices/people/", {"q": "张"}).status_code == (
        200 if persona in SENDERS else 403
    )
    # the draft's steps: edit page, upload, take off, API edit and upload
    assert page.get(f"/notices/{draft.pk}/edit/").status_code == _expected(persona, seen, 200)
    pdf = SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf")
    assert page.post(f"/notices/{draft.pk}/files/", {"file": pdf}).status_code == _expected(
        persona, seen, 302
    )
    pdf = SimpleUploadedFile("c.pdf", PDF, content_type="application/pdf")
    attached = client.post(f"/api/v1/notices/{draft.pk}/attachments/", {"file": pdf})
    assert attached.status_code == _expected(persona, seen, 200)
    edited = client.post(f"/api/v1/notices/{draft.pk}/edit/", {"title": "改"}, format="json")
    assert edited.status_code == _expected(persona, seen, 200)
    second = filed["second"][1]
    removed = client.post(f"/api/v1/notices/{draft.pk}/attachments/{second.pk}/remove/")
    assert removed.status_code == _expected(persona, seen, 200)
    gone = page.post(f"/notices/{draft.pk}/files/{draft_file.pk}/remove/").status_code
    assert gone == (302 if persona in MANAGES else 403 if "a1_draft" in seen else 404)
