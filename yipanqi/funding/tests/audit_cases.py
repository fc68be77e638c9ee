"""The funding app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

import datetime
from functools import partial
from typing import Any

from yipanqi.funding import actions as fa
from yipanqi.funding.tests.factories import TEST, build_funding_world, expense, png


def _world(w: Any) -> Any:
    if not hasattr(w, "_funding"):
        w._funding = build_funding_world(w.d)
    return w._funding


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _rule(w: Any) -> Any:
    _world(w)
    run = partial(fa.rule_set, district=w.d.district, year=2022, rounding="pro_rata", actor=TEST)
    return _step("funding.rule.set", run)


def _compute(w: Any) -> Any:
    _world(w)
    run = partial(
        fa.allocation_compute, district=w.d.district, year=2021, reason="更正",
        actor=w.p["district_admin"],
    )  # fmt: skip
    return _step("funding.run.computed", run)


def _approve(w: Any) -> Any:
    _world(w)
    draft = fa.allocation_compute(district=w.d.district, year=2021, reason="更正", actor=TEST)
    run = partial(fa.allocation_approve, run=draft, actor=w.p["district_admin"])
    return _step("funding.run.approved", run, draft)


def _income(w: Any) -> Any:
    _world(w)
    run = partial(
        fa.income_record, community=w.d.communities[1], received_on=datetime.date(2021, 8, 1),
        kind="purchased", payer="奉化区民政局", amount_fen=12_000_00, actor=TEST,
    )  # fmt: skip
    return _step("funding.income.recorded", run)


def _record(w: Any) -> Any:
    _world(w)
    run = partial(expense, w.d, 1, "community_admin_a2", 3_00)
    return _step("funding.expense.recorded", run)


def _evidence(w: Any) -> Any:
    row = _world(w).expenses["b1"]
    run = partial(fa.evidence_add, expense=row, upload=png(), actor=w.p["community_admin_b1"])
    return _step("funding.evidence.added", run, row, also=("evidence",))


def _expense_approve(w: Any) -> Any:
    row = _world(w).expenses["a1_waiting"]
    run = partial(fa.expense_approve, expense=row, note="同意", actor=w.p["town_admin_a"])
    return _step("funding.expense.approved", run, row)


def _expense_reject(w: Any) -> Any:
    row = _world(w).expenses["b1"]
    run = partial(fa.expense_reject, expense=row, reason="票据不全", actor=w.p["district_admin"])
    return _step("funding.expense.rejected", run, row)


def _project(w: Any) -> Any:
    _world(w)
    run = partial(
        fa.project_create, community=w.d.communities[3], name="新民社区红色驿站", year=2021,
        address="新民路3号", capacity=30, budget_fen=500_000_00, actor=w.p["district_admin"],
    )  # fmt: skip
    return _step("funding.project.created", run)


def _progress(w: Any) -> Any:
    row = _world(w).projects["b1"]
    run = partial(fa.project_progress, project=row, progress=30, note="开工", actor=TEST)
    return _step("funding.project.progress", run, row)


def _complete(w: Any) -> Any:
    row = _world(w).projects["b1"]
    run = partial(fa.project_complete, project=row, actor=w.p["district_admin"])
    return _step("funding.project.completed", run, row)


def _duty_money(w: Any) -> Any:
    import zoneinfo

    from yipanqi.duties import actions as duties
    from yipanqi.duties.models import AdmittedDuty
    from yipanqi.duties.tests.factories import request_fields

    _world(w)
    paper = datetime.datetime(2021, 1, 4, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    fields = request_fields(starts_on=datetime.date(2021, 6, 1))
    filed = duties.request_file(area=w.d.district, actor=TEST, at=paper, **fields)
    admitted = duties.request_approve(request=filed, actor=TEST, at=paper)
    # one carrier, so the walk reads one credit event (each community's credit is its own event)
    carriers = AdmittedDuty.objects.filter(request=admitted).exclude(area=w.d.communities[0])
    carriers.update(status="retired")
    run = partial(fa.duty_money_credit, request=admitted, year=2021, actor=w.p["district_admin"])
    return _step("funding.duty_money.credited", run)


CASES = [
    (fa.rule_set, _rule),
    (fa.allocation_compute, _compute),
    (fa.allocation_approve, _approve),
    (fa.income_record, _income),
    (fa.expense_record, _record),
    (fa.evidence_add, _evidence),
    (fa.expense_approve, _expense_approve),
    (fa.expense_reject, _expense_reject),
    (fa.project_create, _project),
    (fa.project_progress, _progress),
    (fa.project_complete, _complete),
    (fa.duty_money_credit, _duty_money),
]
NOT_WALKED: set[str] = {
    # Exports change no row: their events name the community or town, the year and the rows
    # exported (test_exports).
    "funding.community_funds_export",
    "funding.overview_export",
}
