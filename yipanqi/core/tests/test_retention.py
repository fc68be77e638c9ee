"""Retention (R-PI-8), with time travel: records past the retention the processing register
states are anonymised by the periodic job — the words and the links to a person go, the record
stays; younger records, and those a district keeps longer by policy, are untouched; afterwards no
expired row of any rule still holds personal information."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from yipanqi.core import retention
from yipanqi.core.actions import policy_set
from yipanqi.core.actors import system
from yipanqi.core.models import AuditEvent
from yipanqi.orders.models import OrderEvent, ServiceOrder
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.people.actions import person_move_out
from yipanqi.people.models import Person

pytestmark = pytest.mark.django_db
YEAR = datetime.timedelta(days=365)


def _closed_ago(world, years: float) -> ServiceOrder:
    order = world.order_in("closed")
    ServiceOrder.objects.filter(pk=order.pk).update(closed_at=timezone.now() - years * YEAR)
    return ServiceOrder.objects.get(pk=order.pk)


@pytest.fixture
def world(district):
    return build_orders_world(district)


def test_an_order_closed_over_five_years_ago_is_anonymised(world):
    old, recent = _closed_ago(world, 6), _closed_ago(world, 4)
    assert OrderEvent.objects.filter(order=old).exclude(note="").exists()
    assert retention.anonymise_expired() == 1
    old.refresh_from_db()
    assert (old.title, old.description, old.resident_id, old.household_id) == (
        retention.ANONYMISED,
        "",
        None,
        None,
    )
    assert old.status == "closed" and old.category_id == world.category.pk  # the record stays
    assert not OrderEvent.objects.filter(order=old).exclude(note="").exists()
    recent.refresh_from_db()
    assert recent.description == "厨房水管漏水" and recent.resident_id is not None
    event = AuditEvent.objects.get(action=retention.ACTION)
    assert event.data["rule"] == "orders.closed_orders" and event.data["rows"] == 1
    assert retention.anonymise_expired() == 0  # nothing twice


def test_a_district_may_keep_longer_by_policy(world):
    old = _closed_ago(world, 6)
    code = old.district_code
    policy_set(key="orders.retention_days", district_code=code, value=7 * 365, actor=system("t"))
    assert retention.anonymise_expired() == 0
    assert ServiceOrder.objects.get(pk=old.pk).description == "厨房水管漏水"


def _moved_out_ago(world, years: float) -> Person:
    person = Person.objects.filter(scope_path__startswith=world.a1.path).order_by("pk").first()
    day = timezone.localdate() - years * YEAR
    return person_move_out(person=person, moved_out_on=day, actor=system("test"))


def test_after_the_job_no_expired_row_holds_personal_information(world, monkeypatch):
    for years in (6, 7, 8):
        _closed_ago(world, years)
    resident = _moved_out_ago(world, 4)  # people.moved_out_residents
    monkeypatch.setattr(retention, "BATCH", 2)  # two batches: the job runs until it returns 0
    call_command("run_periodic")
    orders = AuditEvent.objects.filter(action=retention.ACTION, data__rule="orders.closed_orders")
    assert orders.count() == 2
    assert Person.objects.get(pk=resident.pk).name == retention.ANONYMISED
    assert retention.rules(), "no retention rule is declared"
    for rule in retention.rules():
        assert not retention.expired(rule).exists(), rule.key
    assert {r.model for r in retention.rules()} >= {
        "orders.ServiceOrder",
        "grid.Incident",
        "privacy.DataRequest",
        "people.Person",
    }


def test_an_incident_closed_over_five_years_ago_loses_its_words(district):
    from yipanqi.grid import actions as grid
    from yipanqi.grid.models import Incident, IncidentEvent
    from yipanqi.grid.tests.factories import build_grid_world

    w = build_grid_world(district, campaigns=False)
    p = w.personas
    incident = w.report()
    grid.incident_accept(incident=incident, actor=p["community_admin_a1"])
    grid.incident_handle(incident=incident, note="物业已清运", actor=p["community_admin_a1"])
    grid.incident_close(incident=incident, result="已核实", actor=p["grid_worker_a1"])
    Incident.objects.filter(pk=incident.pk).update(closed_at=timezone.now() - 6 * YEAR)
    assert retention.anonymise_expired() == 1
    incident.refresh_from_db()
    assert (incident.title, incident.description, incident.place) == (retention.ANONYMISED, "", "")
    assert set(IncidentEvent.objects.filter(incident=incident).values_list("note", flat=True)) == {
        ""
    }
