"""Consent where the register's basis is consent (R-PI-6; PIPL arts. 14-17, 29-30): the notice is
shown before collection, a service order placed without the placer's current consent is refused
(API: 400 `consent_required`; page: the notice with its box, what was typed kept), consent is
given and withdrawn over the API and the pages, withdrawal stops the purpose, each step is
audited, and a person sees only their own consents."""

import pytest
from rest_framework.test import APIClient

from yipanqi.core import processing
from yipanqi.core.actors import system
from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.orders import actions as orders
from yipanqi.orders.models import ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.privacy import actions
from yipanqi.privacy.consents import NOTICES, consent_activities
from yipanqi.privacy.models import Consent

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"
CONSENTS = "/api/v1/privacy/consents/"
PURPOSE = "service_orders"
VERSION = NOTICES[PURPOSE].version


@pytest.fixture
def w(district):
    """The orders world; its residents and members agreed to the notice (orders' factories),
    except resident_a1, who never has."""
    world = build_orders_world(district)
    Consent.objects.filter(user=world.personas["resident_a1"]).delete()
    return world


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _order(w) -> dict:
    return {"category_id": w.category.pk, "grid_id": w.grid.pk, "description": "楼道灯坏了"}


def test_every_consent_activity_has_a_notice():
    """Each activity the register bases on consent has a versioned notice, and no notice names
    another purpose; the notice's why and how long are the register's own words."""
    keys = {a.key for a in consent_activities()}
    assert keys and keys == set(NOTICES)
    for activity in processing.activities():
        if activity.key in NOTICES:
            notice = NOTICES[activity.key]
            assert notice.version >= 1 and str(notice.collected).strip()
            assert notice.activity.retention == activity.retention


def test_an_order_without_consent_is_refused_over_the_api(w):
    resident = w.personas["resident_a1"]
    response = _api(resident).post(ORDERS, _order(w), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "consent_required"
    assert not ServiceOrder.objects.filter(placed_by=resident).exists()


def test_consent_given_over_the_api_lets_the_order_through_and_is_audited(w):
    resident = w.personas["resident_a1"]
    api = _api(resident)
    notices = api.get("/api/v1/privacy/notices/").json()
    assert [n["purpose"] for n in notices] == [PURPOSE]
    assert notices[0]["version"] == VERSION and notices[0]["retention"]
    given = api.post(CONSENTS, {"purpose": PURPOSE, "notice_version": VERSION}, format="json")
    assert given.status_code == 201 and given.json()["current"] is True
    assert api.post(ORDERS, _order(w), format="json").status_code == 201
    consent = Consent.objects.get(user=resident)
    event = AuditEvent.objects.get(action="privacy.consent.given", target_id=str(consent.pk))
    assert event.actor == resident
    assert event.changes["purpose"] == [None, PURPOSE]
    assert event.changes["notice_version"] == [None, VERSION]
    assert event.scope_path == w.residents["resident_a1"].area.path
    # giving it again changes nothing
    api.post(CONSENTS, {"purpose": PURPOSE, "notice_version": VERSION}, format="json")
    assert Consent.objects.filter(user=resident).count() == 1
    given = AuditEvent.objects.filter(action="privacy.consent.given", target_id=str(consent.pk))
    assert given.count() == 1


def test_consent_to_an_old_notice_or_an_unknown_purpose_is_refused(w):
    api = _api(w.personas["resident_a1"])
    old = api.post(CONSENTS, {"purpose": PURPOSE, "notice_version": VERSION + 1}, format="json")
    assert old.status_code == 400 and old.json()["code"] == "notice_outdated"
    bad = api.post(CONSENTS, {"purpose": "party_membership", "notice_version": 1}, format="json")
    assert bad.status_code == 400
    with pytest.raises(Invalid) as refused:
        actions.consent_give(purpose="residents", notice_version=1, actor=w.personas["resident_a1"])
    assert refused.value.code == "bad_purpose"  # statutory duty: no consent is asked
    assert not Consent.objects.filter(user=w.personas["resident_a1"]).exists()


def test_a_consent_to_an_older_notice_version_is_not_current(w, monkeypatch):
    resident = w.personas["resident_a1"]
    actions.consent_give(purpose=PURPOSE, notice_version=VERSION, actor=resident)
    newer = NOTICES[PURPOSE].__class__(
        PURPOSE, VERSION + 1, NOTICES[PURPOSE].title, NOTICES[PURPOSE].collected
    )
    monkeypatch.setitem(NOTICES, PURPOSE, newer)
    response = _api(resident).post(ORDERS, _order(w), format="json")
    assert response.json()["code"] == "consent_required"
    actions.consent_give(purpose=PURPOSE, notice_version=VERSION + 1, actor=resident)
    rows = list(Consent.objects.filter(user=resident).order_by("id"))
    assert [r.notice_version for r in rows] == [VERSION, VERSION + 1]
    assert rows[0].withdrawn_at is not None and rows[1].withdrawn_at is None
    superseded = AuditEvent.objects.get(action="privacy.consent.withdrawn")
    assert superseded.data["reason"] == "superseded"


def test_withdrawal_stops_the_purpose_and_is_audited(w):
    member = w.personas["party_member_a1c"]  # agreed in the factories
    api = _api(member)
    assert api.post(ORDERS, _order(w), format="json").status_code == 201
    withdrawn = api.post(f"{CONSENTS}withdraw/", {"purpose": PURPOSE}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert withdrawn.json()["current"] is False
    refused = api.post(ORDERS, _order(w), format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "consent_required"
    event = AuditEvent.objects.get(action="privacy.consent.withdrawn", actor=member)
    assert event.changes["withdrawn_at"][0] is None and event.changes["withdrawn_at"][1]
    assert event.data["reason"] == "withdrawn"
    again = api.post(f"{CONSENTS}withdraw/", {"purpose": PURPOSE}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "not_consented"
    # agreeing again opens the purpose again, with a new record beside the withdrawn one
    api.post(CONSENTS, {"purpose": PURPOSE, "notice_version": VERSION}, format="json")
    assert api.post(ORDERS, _order(w), format="json").status_code == 201
    listed = api.get(CONSENTS).json()
    assert sorted(c["current"] for c in listed) == [False, True]


def test_each_person_sees_and_withdraws_only_their_own_consents(w):
    """Persona scope: the list is the caller's own rows; there are no ids to reach another's."""
    p = w.personas
    for name in ("resident_a1_other", "party_member_a1", "party_member_b1", "community_admin_a1"):
        mine = Consent.objects.filter(user=p[name]).count()
        listed = _api(p[name]).get(CONSENTS).json()
        assert len(listed) == mine, name
    assert len(_api(p["resident_a1_other"]).get(CONSENTS).json()) == 1
    assert _api(p["community_admin_a1"]).get(CONSENTS).json() == []
    _api(p["resident_a1_other"]).post(f"{CONSENTS}withdraw/", {"purpose": PURPOSE}, format="json")
    assert Consent.objects.get(user=p["party_member_a1"]).withdrawn_at is None
    assert APIClient().get(CONSENTS).status_code in (401, 403)


def test_the_order_page_shows_the_notice_and_keeps_what_was_typed(client, w):
    resident = w.personas["resident_a1"]
    client.force_login(resident)
    page = client.get("/orders/new/").content.decode()
    assert 'id="consent-notice"' in page and str(NOTICES[PURPOSE].activity.retention) in page
    form = {
        "category": w.category.pk,
        "grid": w.grid.pk,
        "description": "三楼楼道灯坏了，晚上很黑",
        "idempotency_key": "k1",
        "consent_version": VERSION,
    }
    refused = client.post("/orders/new/", form)
    assert refused.status_code == 200
    body = refused.content.decode()
    assert "三楼楼道灯坏了，晚上很黑" in body and 'id="consent-notice"' in body
    assert 'role="alert"' in body
    assert not ServiceOrder.objects.filter(placed_by=resident).exists()
    placed = client.post("/orders/new/", form | {"consent": "on"})
    assert placed.status_code == 302
    assert ServiceOrder.objects.filter(placed_by=resident).count() == 1
    assert Consent.objects.get(user=resident).notice_version == VERSION
    assert 'id="consent-notice"' not in client.get("/orders/new/").content.decode()


def test_staff_placing_on_someones_behalf_and_the_system_are_not_asked(client, w):
    """docs/decisions/021-consent.md: the assisted channel and system follow-ups."""
    admin = w.personas["community_admin_a1"]
    client.force_login(admin)
    assert 'id="consent-notice"' not in client.get("/orders/new/").content.decode()
    placed = _api(admin).post(ORDERS, _order(w), format="json")
    assert placed.status_code == 201 and placed.json()["channel"] == "assisted"
    resident = w.personas["resident_a1"]
    order = orders.order_place(
        grid=w.grid, category=w.category, title="议事会决议", description="修路灯",
        actor=system("deliberation.follow_up", on_behalf_of=resident),
    )  # fmt: skip
    assert order.placed_by == resident


def test_the_notice_page_gives_and_my_data_withdraws(client, w):
    resident = w.personas["resident_a1"]
    client.force_login(resident)
    page = client.get(f"/privacy/notices/{PURPOSE}/").content.decode()
    assert str(NOTICES[PURPOSE].collected) in page
    assert client.get("/privacy/notices/residents/").status_code == 404
    client.post(f"/privacy/notices/{PURPOSE}/", {"notice_version": VERSION})
    consent = Consent.objects.get(user=resident, withdrawn_at__isnull=True)
    my_data = client.get("/privacy/me/").content.decode()
    assert 'action="/privacy/consents/withdraw/"' in my_data
    response = client.post("/privacy/consents/withdraw/", {"purpose": PURPOSE})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert AuditEvent.objects.filter(action="privacy.consent.withdrawn", actor=resident).exists()
    assert client.get("/privacy/consents/withdraw/").status_code == 405


def test_consents_in_bulk_are_audited_one_event_each(w):
    users = [w.personas["resident_a1"], w.personas["resident_a1_other"]]
    at = Consent.objects.get(user=users[1]).given_at
    made = actions.consents_give_bulk(
        given=dict.fromkeys(users, at), purpose=PURPOSE, actor=system("demo")
    )
    assert made == 1  # resident_a1_other's consent was in force already
    events = AuditEvent.objects.filter(
        action="privacy.consent.given",
        target_id__in=[str(c.pk) for c in Consent.objects.filter(user=users[0])],
    )
    assert events.count() == 1
