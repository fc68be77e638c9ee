"""The scope matrix, second half: every form page and every step (pages and API) × every persona.

404 out of scope, 403 in scope without the right, else the page answers or the step is taken.
Each step is tried on the same rows inside a rolled-back savepoint. The oracle comes from the
factory's layout (test_scope_matrix's tables), never from the permission code; the last test
fails when a route of the app is walked by no persona test.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from yipanqi.core.testing import tiny_png
from yipanqi.partylife.models import DuesPayment, MeetingPhoto, Transfer
from yipanqi.partylife.tests.test_scope_matrix import (
    MEETINGS,
    PERSONAS,
    PLANNERS,
    RUNS,
    TRANSFERS,
    api,
    browser,
)

# The factory's only member with an account of their own: `self` of branch a1.
MEMBERS = {"party_member_a1"}
# Who collects branch a1's dues: its dues officer and secretary, the administrators over it.
COLLECTORS_A1 = {"district_admin", "town_admin_a", "community_admin_a1", "secretary_a1",
                 "dues_officer_a1"}  # fmt: skip
# Who decides for a branch as sending or receiving side: its secretary, administrators over it.
RUNS_B1 = {"district_admin", "community_admin_b1", "secretary_b1"}


def _expect(seen: bool, allowed: bool, ok: int) -> int:
    return ok if seen and allowed else 403 if seen else 404


def _rolled_back(call):
    with transaction.atomic():
        response = call()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_form_pages_answer_by_persona(shared_world, persona):
    w, page = shared_world, browser(shared_world, persona)
    a1 = w.branches["a1"].pk
    runs_a1 = "a1" in RUNS.get(persona, set())
    for url in (f"/partylife/branches/{a1}/dues/base/", f"/partylife/branches/{a1}/dues/pay/"):
        assert page.get(url).status_code == _expect(runs_a1, persona in COLLECTORS_A1, 200), url
    export = _rolled_back(lambda: page.get(f"/partylife/branches/{a1}/dues/export/?year=2021"))
    assert export.status_code == _expect(runs_a1, persona in COLLECTORS_A1, 200)
    new = page.get(f"/partylife/branches/{a1}/transfers/new/").status_code
    assert new == _expect(runs_a1, persona in PLANNERS, 200)
    member = persona in MEMBERS
    for url in ("/partylife/me/pay/", "/partylife/me/transfer/"):
        response = page.get(url)
        assert response.status_code == (200 if member else 302), url
        if not member:
            assert response["Location"] == "/partylife/me/"
    planned = w.meetings["a1_planned"]
    sign_in = page.get(f"/partylife/meetings/{planned.pk}/sign-in/")
    assert sign_in.status_code == _expect("a1_planned" in MEETINGS.get(persona, set()), member, 200)


def _meeting_cases(w, persona: str) -> list[tuple]:
    """(name, page URL, page body, API URL, API body, seen, allowed) of the meeting steps."""
    planned, confirmed = w.meetings["a1_planned"], w.meetings["a1_confirmed"]
    seen = "a1_planned" in MEETINGS.get(persona, set())
    planner = persona in PLANNERS
    me = w.members["self"].pk
    base = f"/partylife/meetings/{planned.pk}"
    api_base = f"/api/v1/partylife/meetings/{planned.pk}"
    return [
        ("mark", f"{base}/mark/", {"member": me, "status": "present"},
         f"{api_base}/mark/", {"member": me, "status": "present"}, seen, planner),
        ("record", f"{base}/record/", {"minutes": "纪要"},
         f"{api_base}/record/", {"minutes": "纪要"}, seen, planner),
        ("cancel", f"{base}/cancel/", {}, None, None, seen, planner),
        ("amend", f"/partylife/meetings/{confirmed.pk}/amend/",
         {"field": "topic", "value": "三月主题党日（更正）", "reason": "笔误"},
         None, None, seen, planner),
    ]  # fmt: skip


def _transfer_cases(w, persona: str) -> list[tuple]:
    sent = w.transfers["a1"]  # a2: from branch a1 to b1, requested
    seen = "a1" in TRANSFERS.get(persona, set())
    sending = persona in {"district_admin", "town_admin_a", "community_admin_a1", "secretary_a1"}
    base, api_base = f"/partylife/transfers/{sent.pk}", f"/api/v1/partylife/transfers/{sent.pk}"
    return [
        (
            name,
            f"{base}/{name}/",
            {"note": "材料不全"},
            f"{api_base}/{name}/",
            {"note": "材料不全"},
            seen,
            sending,
        )
        for name in ("approve", "reject", "withdraw")
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_steps_answer_by_persona_on_pages_and_api(shared_world, persona):
    w = shared_world
    page, client = browser(w, persona), api(w, persona)
    for name, page_url, body, api_url, api_body, seen, allowed in [
        *_meeting_cases(w, persona),
        *_transfer_cases(w, persona),
    ]:
        on_page = _rolled_back(lambda: page.post(page_url, body)).status_code  # noqa: B023
        assert on_page == _expect(seen, allowed, 302), (name, persona, on_page)
        if api_url is None:
            continue
        on_api = _rolled_back(lambda: client.post(api_url, api_body, format="json"))  # noqa: B023
        assert on_api.status_code == _expect(seen, allowed, 200), (
            name, persona, on_api.status_code, on_api.content,
        )  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_receiving_side_accepts_and_no_one_else(shared_world, persona):
    """After the sending side approved, only the receiving branch's side accepts (a1 → b1)."""
    w = shared_world
    transfer = w.transfers["a1"]
    seen = "a1" in TRANSFERS.get(persona, set())

    def attempt(call):
        with transaction.atomic():
            Transfer.objects.filter(pk=transfer.pk).update(status="approved")
            response = call()
            moved = w.members["a2"].__class__.objects.get(pk=w.members["a2"].pk).branch_id
            transaction.set_rollback(True)
        return response.status_code, moved

    url = f"/partylife/transfers/{transfer.pk}/accept/"
    status, moved = attempt(lambda: browser(w, persona).post(url, {}))
    assert status == _expect(seen, persona in RUNS_B1, 302), persona
    assert (moved == w.branches["b1"].pk) == (status == 302)
    status, moved = attempt(lambda: api(w, persona).post(f"/api/v1{url}", {}, format="json"))
    assert status == _expect(seen, persona in RUNS_B1, 200), persona
    assert (moved == w.branches["b1"].pk) == (status == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_payment_and_a_transfer_request_for_a_member_by_persona(shared_world, persona):
    """Over the API for `self` of branch a1: its collectors record a payment (others 404); its
    secretary side asks for a transfer (the dues officer 403, others 404)."""
    w, client = shared_world, api(shared_world, persona)
    me = w.members["self"].pk
    payer = persona in COLLECTORS_A1 or persona in MEMBERS
    paid = _rolled_back(lambda: client.post("/api/v1/partylife/payments/",
                                            {"member": me, "month": "2021-03-01"}, format="json"))  # fmt: skip
    assert paid.status_code == (201 if payer else 404), (persona, paid.content)
    asked = _rolled_back(lambda: client.post("/api/v1/partylife/transfers/",
                                             {"member": me, "to_org": w.branches["b1"].pk,
                                              "reason": "工作调动"}, format="json"))  # fmt: skip
    requester = persona in PLANNERS or persona in MEMBERS
    assert asked.status_code == (201 if requester else 403 if payer else 404), persona
    assert not DuesPayment.objects.filter(member_id=me, month=datetime.date(2021, 3, 1)).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_photo_is_added_by_who_runs_the_meeting(shared_world, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w, page = shared_world, browser(shared_world, persona)
    meeting = w.meetings["a1_planned"]
    upload = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")

    def attempt():
        response = page.post(f"/partylife/meetings/{meeting.pk}/photos/", {"photo": upload})
        return response.status_code, MeetingPhoto.objects.filter(meeting=meeting).count()

    with transaction.atomic():
        status, photos = attempt()
        transaction.set_rollback(True)
    seen = "a1_planned" in MEETINGS.get(persona, set())
    assert status == _expect(seen, persona in PLANNERS, 302), persona
    assert photos == (1 if status == 302 else 0)


def test_the_sign_in_step_over_the_api_is_the_members_own(shared_world):
    w = shared_world
    planned = w.meetings["a1_planned"]
    url = f"/api/v1/partylife/meetings/{planned.pk}/sign_in/"
    for persona in PERSONAS:
        client = api(w, persona)
        code = planned.sign_in_code or "0"
        response = _rolled_back(lambda: client.post(url, {"code": code}, format="json"))  # noqa: B023
        seen = "a1_planned" in MEETINGS.get(persona, set())
        # no membership of one's own: nothing to sign in (404), like a meeting out of scope
        assert response.status_code == (200 if seen and persona in MEMBERS else 404), persona


# Every route of the app and the persona walk that covers it (this module or test_scope_matrix).
COVERED = {
    "desk": "pages in scope", "compliance": "pages in scope", "mine": "pages in scope",
    "pay": "form pages", "statement": "pages in scope", "transfer_mine": "form pages",
    "remittance": "pages in scope", "meeting_list": "pages in scope",
    "meeting_new": "pages in scope", "ledger": "pages in scope", "base_new": "form pages",
    "payment_new": "form pages", "export": "form pages", "transfer_new": "form pages",
    "meeting_detail": "pages in scope", "sign_in": "form pages", "photo_add": "photo",
    "book_venue": "pages in scope", "photo_show": "test_views (photos)",
    "meeting_step": "steps", "transfers": "pages in scope", "transfer_detail": "pages in scope",
    "transfer_step": "steps, receiving side",
    "api-partylife-meetings": "api in scope", "api-partylife-meeting": "api in scope",
    "api-partylife-payments": "api in scope, payment by persona",
    "api-partylife-transfers": "api in scope, transfer request by persona",
    "api-partylife-transfer": "api in scope", "api-partylife-compliance": "api in scope",
    "api-partylife-remittance": "api in scope", "api-partylife-meeting-sign-in": "sign-in step",
    "api-partylife-meeting-mark": "steps", "api-partylife-meeting-record": "steps",
    "api-partylife-meeting-confirm": "api in scope", "api-partylife-meeting-book-venue":
    "api in scope", "api-partylife-transfer-approve": "steps",
    "api-partylife-transfer-accept": "receiving side", "api-partylife-transfer-reject": "steps",
    "api-partylife-transfer-withdraw": "steps",
}  # fmt: skip


def test_every_route_of_the_app_is_walked():
    """A new page or endpoint fails this until a persona walk covers it (named above)."""
    from yipanqi.partylife import urls
    from yipanqi.partylife.api import urls as api_urls

    names = {p.name for p in [*urls.urlpatterns, *api_urls.urlpatterns]}
    assert names == set(COVERED)
