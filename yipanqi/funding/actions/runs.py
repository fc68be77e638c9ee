"""Yearly allocation runs (年度经费核拨): computed from the year's rule and the people registry's
household count for every covered community, approved by a second district administrator (four
eyes), then never changed. A correction is a new run with a reason; approving it supersedes the
run it corrects and sets each community's budget lines to the new figures.

The registry keeps no dated history of households (no move-in or move-out dates), so a run counts
the households on record when it is computed and keeps that moment as its cut-off (`counted_at`)
and each community's count on its line (docs/decisions/019-funding-rules.md).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.inputs import require_kind, require_year
from yipanqi.core.runs import approve_run, refuse_own_run
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.funding import money
from yipanqi.funding import permissions as perms
from yipanqi.funding.actions._common import RUN_FLOW, rule_for
from yipanqi.funding.choices import ALLOCATED_FUNDS, Fund, RunStatus
from yipanqi.funding.coverage import covered, household_counts
from yipanqi.funding.models import AllocationLine, AllocationRun, BudgetLine
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


def _previous(district: Area, year: int, reason: str) -> AllocationRun | None:
    runs = AllocationRun.objects.filter(area=district, year=year)
    if runs.filter(status=RunStatus.DRAFT).exists():
        raise Conflict(_("A draft run for this year waits for approval."), code="draft_exists")
    approved = runs.filter(status=RunStatus.APPROVED).first()
    if approved is not None and not reason.strip():
        message = _("This year's run is approved: a correction needs a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    return approved


def _lines(run: AllocationRun, communities: list[Area], counts: dict[str, int]) -> list:
    rule = run.rule
    lines = []
    for community in communities:
        a = money.allocate(
            counts.get(community.path, 0), rule.service_fen, rule.work_fen, rule.rounding
        )
        line = AllocationLine(
            run=run,
            community=community,
            households=a.households,
            thousands=a.thousands,
            service_fen=a.service_fen,
            work_fen=a.work_fen,
            total_fen=a.total_fen,
        )
        line.place_in(community)
        lines.append(line)
    return lines


@transaction.atomic
def allocation_compute(
    *, district: Area, year: int, actor: Actor, reason: str = ""
) -> AllocationRun:
    """核算: every covered community's funds for the year, from the rule in force and the
    households on record now (a draft)."""
    require_permission(actor, perms.can_compute_run, district)
    require_kind(district, AreaKind.DISTRICT)
    require_year(year)
    reason = text(reason, "reason", 300, required=False)
    rule = rule_for(district.district_code, year)
    corrects = _previous(district, year, reason)
    run = AllocationRun(
        area=district, year=year, rule=rule, corrects=corrects, reason=reason,
        counted_at=timezone.now(), computed_by=user_of(actor),
    )  # fmt: skip
    run.place_in(district)
    save_or_conflict(run, _("A draft run for this year waits for approval."), code="draft_exists")
    communities = covered(district, rule)
    lines = _lines(run, communities, household_counts(district, communities))
    AllocationLine.objects.bulk_create(lines, batch_size=500)
    run.communities = len(lines)
    run.households = sum(li.households for li in lines)
    run.total_fen = sum(li.total_fen for li in lines)
    run.save(update_fields=["communities", "households", "total_fen", "updated_at"])
    audit.record(
        actor=actor,
        action="funding.run.computed",
        target=run,
        changes=created(
            run, "area", "year", "rule", "status", "corrects", "reason", "counted_at",
            "communities", "households", "total_fen",
        ),
    )  # fmt: skip
    return run


def _credit(line: AllocationLine, fund: str, amount: int, actor: Actor) -> None:
    """Set the community's budget line of `fund` for the year to the approved amount."""
    budget = BudgetLine.objects.select_for_update().filter(
        community=line.community, year=line.run.year, fund=fund
    )
    row = budget.first()
    if row is None:
        row = BudgetLine(community=line.community, year=line.run.year, fund=fund, amount_fen=amount)
        row.place_in(line.community)
        row.save()
        changes = created(row, "community", "year", "fund", "amount_fen")
        audit.record(actor=actor, action="funding.budget.opened", target=row, changes=changes)
        return
    if row.amount_fen == amount:
        return
    if row.spent_fen > amount + row.overspent_fen:
        raise Conflict(
            _("%(community)s has already spent more than the corrected allocation.")
            % {"community": line.community.name},
            code="correction_below_spent",
        )
    edit = track(row, actor=actor)
    edit.set(amount_fen=amount)
    edit.finish("funding.budget.credited", run=line.run_id)


@transaction.atomic
def allocation_approve(*, run: AllocationRun, actor: Actor) -> AllocationRun:
    """审定: a second district administrator approves the draft (four eyes); the communities'
    budget lines take its figures, and a correction supersedes the run it corrects."""
    run = lock(run)
    require_permission(actor, perms.can_approve_run, run)
    refuse_own_run(run, actor, _("Whoever computed a run cannot approve it."))
    RUN_FLOW.check(run.status, RunStatus.APPROVED)  # before the run it corrects is superseded
    approve_run(RUN_FLOW, run, actor=actor)
    amounts = {Fund.SERVICE: "service_fen", Fund.WORK: "work_fen"}
    for line in run.lines.select_related("community", "run").order_by("scope_path"):
        for fund in ALLOCATED_FUNDS:
            _credit(line, fund, getattr(line, amounts[fund]), actor)
    return run
