"""R-AC-5 on the database's side, for every state machine: a status change that the model's
transition table does not allow is refused by the database itself (raw SQL included), a change it
allows passes, and the guards follow the tables (core.transition_guard)."""

import pytest
from django.db import IntegrityError, connection, transaction

from yipanqi.core.transition_guard import declared_workflows, trigger_name

pytestmark = pytest.mark.django_db


def test_every_workflow_names_its_model_and_each_model_has_one():
    from yipanqi.core.workflow import DECLARED

    flows = declared_workflows()
    assert len(flows) >= 27 and len(flows) == len(DECLARED)
    assert len({flow.model for flow in flows}) == len(flows)
    for flow in flows:
        choices = {value for value, _label in flow.model._meta.get_field("status").choices}
        assert set(flow.table) | {new for news in flow.table.values() for new in news} <= choices


def _installed() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        return {row[0] for row in cursor.fetchall()}


def test_the_database_holds_a_guard_per_workflow():
    assert {trigger_name(flow) for flow in declared_workflows()} <= _installed()


def _update(model, pk: int, status: str) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = %s WHERE id = %s", [status, pk])  # nosec B608


def _illegal(flow, status: str) -> str | None:
    allowed = set(flow.table.get(status, ()))
    statuses = [value for value, _label in flow.model._meta.get_field("status").choices]
    return next((s for s in statuses if s != status and s not in allowed), None)


def test_every_guard_refuses_an_illegal_move_and_lets_a_legal_one_pass(fenghua_demo):
    """On the demo's rows: one row per model, the first status its table does not allow from
    where the row is refused, the first one it allows passes (the demo has rows of nearly every
    model; the count keeps the test from passing on none)."""
    tried = []
    for flow in declared_workflows():
        row = flow.model._default_manager.order_by("pk").values("pk", "status").first()
        if row is None:
            continue
        wrong = _illegal(flow, row["status"])
        if wrong is not None:
            with pytest.raises(IntegrityError):
                _update(flow.model, row["pk"], wrong)
        legal = sorted(flow.table.get(row["status"], ()))
        if legal:
            _update(flow.model, row["pk"], legal[0])
        tried.append(flow.model._meta.label)
    assert len(tried) >= 20, tried
