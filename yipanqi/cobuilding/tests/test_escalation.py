"""A record its community could not settle alone goes to the town's council as a hard problem:
an order, a grid incident or a deliberation topic, read in the caller's scope, once."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from yipanqi.cobuilding.models import HardProblem
from yipanqi.core.models import AuditEvent
from yipanqi.grid.actions import incident_report

pytestmark = pytest.mark.django_db

URL = reverse("cobuilding:problem_escalate")
API = "/api/v1/cobuilding/problems/escalate/"


@pytest.fixture
def order(world):
    from yipanqi.orders.tests.factories import build_orders_world

    return build_orders_world(world.d).place(title="楼顶漏水三年未修", description="多次报修无果")


def _page(world, who: str) -> Client:
    client = Client()
    client.force_login(world.personas[who])
    return client


def _api(world, who: str) -> APIClient:
    client = APIClient()
    client.force_login(world.personas[who])
    return client


def test_a_community_admin_escalates_an_order_from_its_number(world, order):
    page = _page(world, "community_admin_a1")
    chooser = page.get(URL)
    assert chooser.status_code == 200 and 'name="record"' in chooser.content.decode()
    form = page.get(URL, {"kind": "order", "record": order.pk})
    assert form.status_code == 200 and "楼顶漏水三年未修" in form.content.decode()
    sent = page.post(
        f"{URL}?kind=order&record={order.pk}",
        {"title": "楼顶漏水", "description": "需物业与单位共同出资"},
    )
    problem = HardProblem.objects.get(source_kind="order", source_id=order.pk)
    assert sent.status_code == 302 and sent.url == problem.get_absolute_url()
    assert problem.council == world.councils[0] and problem.community == world.d.communities[0]
    assert problem.title == "楼顶漏水" and problem.raised_by == world.personas["community_admin_a1"]
    event = AuditEvent.objects.get(action="cobuilding.problem.raised", target_id=str(problem.pk))
    assert event.changes["source_kind"] == [None, "order"]
    shown = page.get(problem.get_absolute_url()).content.decode()
    assert reverse("orders:detail", args=[order.pk]) in shown


def test_a_record_goes_to_the_council_once(world, order):
    api = _api(world, "community_admin_a1")
    first = api.post(API, {"kind": "order", "record": order.pk}, format="json")
    again = api.post(API, {"kind": "order", "record": order.pk}, format="json")
    assert first.status_code == 201 and first.json()["title"] == "楼顶漏水三年未修"
    assert again.status_code == 409 and again.json()["code"] == "already_escalated"
    assert HardProblem.objects.filter(source_kind="order").count() == 1


def test_an_incident_is_escalated_over_the_api(world):
    incident = incident_report(
        grid=world.d.grids[0], category="environment", place="3幢", description="楼道堆物长期未清",
        actor=world.personas["community_admin_a1"],
    )  # fmt: skip
    made = _api(world, "community_admin_a1").post(
        API, {"kind": "incident", "record": incident.pk}, format="json"
    )
    assert made.status_code == 201
    problem = HardProblem.objects.get(pk=made.json()["id"])
    assert (problem.source_kind, problem.source_id) == ("incident", incident.pk)


def test_a_record_out_of_scope_is_not_found(world, order):
    other = _api(world, "community_admin_b1")
    assert other.post(API, {"kind": "order", "record": order.pk}, format="json").status_code == 404
    assert (
        _page(world, "community_admin_b1")
        .get(URL, {"kind": "order", "record": order.pk})
        .status_code
        == 404
    )
    assert not HardProblem.objects.exists()


def test_the_resident_who_placed_it_cannot_escalate_it(world, order):
    refused = _api(world, "resident_a1").post(
        API, {"kind": "order", "record": order.pk}, format="json"
    )
    assert refused.status_code == 403 and not HardProblem.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"kind": "letter", "record": 1}, 400),
        ({"kind": "order"}, 400),
        ({"kind": "order", "record": 0}, 400),
    ],
)
def test_bad_input_is_refused(world, body, status):
    answer = _api(world, "community_admin_a1").post(API, body, format="json")
    assert answer.status_code == status and answer.json()["code"] == "validation_error"
