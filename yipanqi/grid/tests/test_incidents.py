"""The incident lifecycle (事件上报 → 受理 → 办结 → 关闭), escalation by hand and, with a frozen clock,
through `run_periodic` and the shared area-tree escalator: community → street → district."""

import datetime

import pytest
from django.core.management import call_command

from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.grid import actions, policies
from yipanqi.grid.choices import EscalationLevel, IncidentStatus
from yipanqi.grid.models import IncidentEvent

HOUR = datetime.timedelta(hours=1)


def kinds(incident) -> list[tuple[str, int]]:
    return list(
        IncidentEvent.objects.filter(incident=incident).order_by("id").values_list("kind", "level")
    )


def escalation_notices(user, incident) -> int:
    prefix = f"grid.incident:{incident.pk}:escalated:"
    return Notification.objects.filter(user=user, topic__startswith=prefix).count()


def test_reported_accepted_handled_closed(world):
    p = world.personas
    incident = world.report()
    assert (
        incident.status == IncidentStatus.REPORTED
        and incident.community == world.district.communities[0]
    )
    assert Notification.objects.filter(
        user=p["community_admin_a1"], topic__startswith=f"grid.incident:{incident.pk}:reported"
    ).exists()
    actions.incident_accept(incident=incident, actor=p["community_admin_a1"])
    actions.incident_handle(incident=incident, note="物业已清运", actor=p["community_admin_a1"])
    closed = actions.incident_close(incident=incident, result="已核实", actor=p["grid_worker_a1"])
    assert closed.status == IncidentStatus.CLOSED and closed.closed_at is not None
    assert [k for k, _ in kinds(incident)] == ["reported", "accepted", "handled", "closed"]
    steps = AuditEvent.objects.filter(
        target_id=str(incident.pk), action__startswith="grid.incident."
    )
    assert sorted(steps.values_list("action", flat=True)) == sorted(
        [
            "grid.incident.reported",
            "grid.incident.accepted",
            "grid.incident.handled",
            "grid.incident.closed",
        ]
    )


def test_not_solved_reopens(world):
    p = world.personas
    incident = world.report()
    actions.incident_accept(incident=incident, actor=p["community_admin_a1"])
    actions.incident_handle(incident=incident, note="已处理", actor=p["community_admin_a1"])
    reopened = actions.incident_close(
        incident=incident, result="仍有垃圾", solved=False, actor=p["grid_worker_a1"]
    )
    assert reopened.status == IncidentStatus.ACCEPTED


def test_only_the_level_holding_the_incident_acts(world):
    p = world.personas
    incident = world.report()
    with pytest.raises(Forbidden):
        actions.incident_accept(incident=incident, actor=p["community_admin_a2"])
    with pytest.raises(Forbidden):
        actions.incident_accept(incident=incident, actor=p["grid_worker_a1"])
    escalated = actions.incident_escalate(
        incident=incident, reason="需要街道协调", actor=p["community_admin_a1"]
    )
    assert (
        escalated.escalation_level == EscalationLevel.TOWN
        and escalated.status == IncidentStatus.REPORTED
    )
    with pytest.raises(Forbidden):  # now the street's
        actions.incident_accept(incident=incident, actor=p["community_admin_a1"])
    actions.incident_accept(incident=incident, actor=p["town_admin_a"])
    with pytest.raises(Conflict):
        actions.incident_accept(incident=incident, actor=p["town_admin_a"])


def test_idempotent_report(world):
    first = world.report(idempotency_key="r-1")
    again = world.report(idempotency_key="r-1")
    assert first.pk == again.pk


def test_overdue_incidents_climb_the_tree_through_run_periodic(world, clock):
    p = world.personas
    reported_at = clock.now
    incident = world.report()
    hours = policies.INCIDENT_DUE_HOURS.default["reported"]
    assert incident.due_at == reported_at + hours * HOUR

    clock.advance(hours=hours - 1)
    call_command("run_periodic")
    incident.refresh_from_db()
    assert not incident.overdue and incident.escalation_level == EscalationLevel.COMMUNITY

    clock.advance(hours=1)
    call_command("run_periodic")
    incident.refresh_from_db()
    assert incident.overdue and incident.escalation_level == EscalationLevel.TOWN
    assert escalation_notices(p["town_admin_a"], incident) == 1
    assert kinds(incident)[-2:] == [("overdue", 2), ("escalated", 2)]

    call_command("run_periodic")  # the same moment again: nothing new
    assert escalation_notices(p["town_admin_a"], incident) == 1

    clock.advance(hours=hours)
    call_command("run_periodic")
    incident.refresh_from_db()
    assert incident.escalation_level == EscalationLevel.DISTRICT and incident.due_at is None
    assert escalation_notices(p["district_admin"], incident) == 1
    # the district accepts and handles it; handled incidents no longer wait on anyone above
    actions.incident_accept(incident=incident, actor=p["district_admin"])
    actions.incident_handle(incident=incident, note="区城管局已处置", actor=p["district_admin"])
    clock.advance(hours=500)
    call_command("run_periodic")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.HANDLED and not incident.overdue


def test_accepting_in_time_stops_the_clock_for_acceptance(world, clock):
    incident = world.report()
    clock.advance(hours=2)
    accepted = actions.incident_accept(
        incident=incident, actor=world.personas["community_admin_a1"]
    )
    assert accepted.due_at == clock.now + policies.INCIDENT_DUE_HOURS.default["accepted"] * HOUR
    clock.advance(hours=30)
    call_command("run_periodic")
    incident.refresh_from_db()
    assert not incident.overdue


def test_the_job_is_registered():
    from yipanqi.core import registry

    assert "grid.escalate_incidents" in registry.periodic_jobs
