"""Yearly pay runs (年度薪酬核算): compute a draft from the year's pay table and each
worker's records, approve it with a second pair of eyes, export it (audited like unmasking).
An approved run never changes: a correction is a new run with a reason, and approving it
supersedes the run it corrects."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, exports
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.inputs import require_kind, require_year
from yipanqi.core.runs import approve_run, refuse_own_run
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.workforce import pay
from yipanqi.workforce import permissions as perms
from yipanqi.workforce.actions._common import RUN_FLOW
from yipanqi.workforce.choices import QUALIFICATION_ORDER, RunStatus, WorkerStatus
from yipanqi.workforce.models import Appraisal, PayLine, PayRun, PayTable, Worker


def _in_post_at(area: Area, day: datetime.date) -> Any:
    """The workers of `area` in post on `day` (appointed by then, not left by then)."""
    rows = Worker.objects.filter(scope_path__startswith=area.path, started_on__lte=day)
    return rows.exclude(status__in=[WorkerStatus.EXITED, WorkerStatus.MOVED], ended_on__lte=day)


def _facts_of(workers: list[Worker], year: int, rules: pay.Rules) -> dict[int, pay.Facts]:
    """Each worker's facts for the year, from their records (appraisals in one query)."""
    appraisals: dict[int, dict[int, str]] = defaultdict(dict)
    rows = Appraisal.objects.filter(worker__in=[w.pk for w in workers], year__lte=year)
    for worker_id, y, result in rows.values_list("worker_id", "year", "result"):
        appraisals[worker_id][y] = result
    facts = {}
    for w in workers:
        own = appraisals[w.pk]
        facts[w.pk] = pay.Facts(
            post=w.post,
            service_years=w.prior_years + max(0, year - w.started_on.year),
            uncounted_years=sum(1 for r in own.values() if not rules.counts(r)),
            education=w.education,
            qualification=w.qualification,
            appraisal=own.get(year, "none"),
            grade_set=w.grade_set,
        )
    return facts


def _line(run: PayRun, w: Worker, f: pay.Facts, r: pay.Result) -> PayLine:
    return PayLine(
        run=run,
        worker=w,
        post=f.post,
        service_years=f.service_years,
        uncounted_years=f.uncounted_years,
        education_credit=r.education_credit,
        counted_years=r.counted_years,
        steps=r.steps,
        qualification_bonus=r.qualification_bonus,
        computed_grade=r.computed_grade,
        grade=r.grade,
        grade_set_by_hand=f.grade_set is not None,
        coefficient=r.coefficient,
        base=r.base,
        appraisal=f.appraisal if f.appraisal != "none" else "",
        basic=r.basic,
        performance_share=r.performance_share,
        performance=r.performance,
        total=r.total,
        scope_path=w.scope_path,
        district_code=w.district_code,
    )


def _previous(area: Area, year: int, reason: str) -> PayRun | None:
    live = PayRun.objects.filter(
        district_code=area.district_code,
        year=year,
        status__in=[RunStatus.DRAFT, RunStatus.APPROVED],
    )
    # A town's and its district's runs of one year would pay the same workers twice.
    for other in live.exclude(area=area).select_related("area"):
        if other.area.path.startswith(area.path) or area.path.startswith(other.area.path):
            raise Conflict(
                _("Another run of this year covers these workers: %(area)s.")
                % {"area": other.area.name},
                code="overlapping_run",
            )
    current = live.filter(area=area)
    if current.filter(status=RunStatus.DRAFT).exists():
        raise Conflict(_("A draft run for this year waits for approval."), code="draft_exists")
    approved = current.filter(status=RunStatus.APPROVED).first()
    if approved is not None and not reason.strip():
        raise Invalid(
            _("This year's run is approved: a correction needs a reason."),
            code="reason_required",
            fields={"reason": [_("Give the reason for the correction.")]},
        )
    return approved


@transaction.atomic
def pay_run_compute(*, area: Area, year: int, actor: Actor, reason: str = "") -> PayRun:
    """核算: every worker of the town or district in post at the year's end, graded and paid by
    the year's table (a draft)."""
    require_permission(actor, perms.can_compute_pay, area)
    require_kind(area, AreaKind.DISTRICT, AreaKind.TOWN)
    require_year(year)
    table = PayTable.objects.filter(district_code=area.district_code, year=year).first()
    if table is None:
        raise Conflict(_("There is no pay table for this year."), code="no_pay_table")
    corrects = _previous(area, year, reason)
    run = PayRun(
        area=area,
        year=year,
        table=table,
        corrects=corrects,
        reason=reason.strip()[:300],
        computed_by=user_of(actor),
    )
    run.place_in(area)
    save_or_conflict(run, _("A draft run for this year waits for approval."), code="draft_exists")
    rules = pay.Rules.of(table.rules)
    workers = list(_in_post_at(area, datetime.date(year, 12, 31)).order_by("pk"))
    facts = _facts_of(workers, year, rules)
    lines = [
        _line(
            run,
            w,
            facts[w.pk],
            pay.compute(rules, facts[w.pk], table.base_amount, QUALIFICATION_ORDER),
        )
        for w in workers
    ]
    PayLine.objects.bulk_create(lines, batch_size=500)
    run.workers, run.total = len(lines), sum((li.total for li in lines), Decimal(0))
    run.save(update_fields=["workers", "total", "updated_at"])
    audit.record(
        actor=actor,
        action="workforce.run.computed",
        target=run,
        changes=created(
            run, "area", "year", "table", "status", "corrects", "reason", "workers", "total"
        ),
    )
    return run


@transaction.atomic
def pay_run_approve(*, run: PayRun, actor: Actor) -> PayRun:
    """审定: a second workforce administrator approves the draft (four eyes); a correction
    supersedes the run it corrects. A worker's current grade is their line in the latest
    approved run (selectors.current_grade), so nothing else changes."""
    run = lock(run)
    require_permission(actor, perms.can_approve_pay, run)
    refuse_own_run(run, actor, _("Whoever computed a pay run cannot approve it."))
    approve_run(RUN_FLOW, run, actor=actor)
    return run


EXPORT_HEADERS = (
    "姓名", "社区", "岗位", "工作年限", "不计年限", "学历折算", "计算年限", "档次", "资格加档",
    "等级", "系数", "基数", "考核", "基础工资", "绩效系数", "绩效工资", "年度薪酬",
)  # fmt: skip


@transaction.atomic
def pay_run_export(*, run: PayRun, purpose: str, actor: Actor) -> bytes:
    """The run's lines as XLSX (formula-safe), names in full: like unmasking, only with a stated
    purpose, and audited."""
    require_permission(actor, perms.can_export_pay, run)
    if not purpose.strip():
        raise Invalid(_("State the purpose of the export."), code="purpose_required")
    lines = run.lines.select_related("worker__person", "worker__community").order_by(
        "scope_path", "post", "id"
    )
    rows = [
        (
            li.worker.person.name, li.worker.community.name, li.get_post_display(), li.service_years,
            li.uncounted_years, li.education_credit, li.counted_years, li.steps,
            li.qualification_bonus, li.grade, float(li.coefficient), float(li.base),
            li.appraisal, float(li.basic), float(li.performance_share), float(li.performance),
            float(li.total),
        )
        for li in lines
    ]  # fmt: skip
    audit.record(
        actor=actor,
        action="workforce.run.exported",
        target=run,
        data={"lines": len(rows), "purpose": purpose.strip()[:200]},
    )
    return exports.xlsx_bytes(EXPORT_HEADERS, rows, sheet=f"{run.year}")
