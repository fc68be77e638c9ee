"""公益创投, second half: 公示 (ranked within the total budget, objections window), the funder's
approval, the agreement with its tranches (the first on signing, the last only after the mid-term
review passes), the mid-term and final reviews, and closing."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, lock, require_permission
from yipanqi.socialorgs import permissions as perms
from yipanqi.socialorgs.actions._common import (
    APPLICATION_FLOW,
    ROUND_FLOW,
    TRANCHE_FLOW,
    record_event,
)
from yipanqi.socialorgs.choices import (
    FINAL,
    AppEventKind,
    AppStatus,
    RoundStatus,
    TrancheGate,
    TrancheStatus,
)
from yipanqi.socialorgs.models import Application, Tranche, VentureRound

BELOW_PASS = "评审均分未达立项分数线"
OVER_TOTAL = "超出本批次资金总额"
# The application statuses in which each gate is open (the payment may be made).
GATE_OPEN = {
    TrancheGate.SIGNING: {AppStatus.SIGNED, AppStatus.MIDTERM_PASSED, AppStatus.COMPLETED},
    TrancheGate.MIDTERM: {AppStatus.MIDTERM_PASSED, AppStatus.COMPLETED},
}


def _decide(
    app: Application, new: str, kind: str, actor: Actor, note: str = "", **fields: Any
) -> None:
    step = APPLICATION_FLOW.begin(app, actor=actor)
    step.move(new, kind=kind, note=note)
    step.set(**fields)
    step.finish(kind)


@transaction.atomic
def round_publicise(*, round_: VentureRound, actor: Actor) -> VentureRound:
    """公示: the reviewed projects ranked by mean score; those at or above the pass mark are
    listed while the round's total budget lasts, the others are not funded. The objections
    window opens."""
    round_ = lock(round_)
    require_permission(actor, perms.can_fund, round_)
    apps = list(Application.objects.select_for_update().filter(round=round_))
    if any(a.status in (AppStatus.SUBMITTED, AppStatus.ELIGIBLE) for a in apps):
        raise Conflict(_("Finish screening and review first."), code="review_pending")
    step = ROUND_FLOW.begin(round_, actor=actor)
    step.move(RoundStatus.PUBLICITY)
    until = timezone.now() + datetime.timedelta(days=round_.objection_days)
    step.set(objections_until=until)
    left = round_.total_fen
    reviewed = [a for a in apps if a.status == AppStatus.REVIEWED]
    reviewed.sort(key=lambda a: (-(a.mean_score or 0), a.pk))
    listed = 0
    for app in reviewed:
        if (
            app.mean_score is not None
            and app.mean_score >= round_.pass_mark
            and app.budget_fen <= left
        ):
            left -= app.budget_fen
            listed += 1
            _decide(app, AppStatus.PUBLICISED, AppEventKind.PUBLICISED, actor)
        else:
            reason = BELOW_PASS if (app.mean_score or 0) < round_.pass_mark else OVER_TOTAL
            _decide(app, AppStatus.DECLINED, AppEventKind.DECLINED, actor, reason,
                    decision_note=reason)  # fmt: skip
    step.finish("publicised", listed=listed, declined=len(reviewed) - listed)
    return round_


@transaction.atomic
def application_object(*, application: Application, text_: str, actor: Actor) -> Application:
    """异议: anyone reading the public notice may object to a listed project within the window;
    the funder weighs it when approving."""
    application = lock(application)
    require_permission(actor, perms.can_object, application)
    until = application.round.objections_until
    if application.status != AppStatus.PUBLICISED or until is None or timezone.now() > until:
        raise Conflict(_("The objections window is closed."), code="objections_closed")
    note = text(text_, "text", 1000)
    record_event(application, actor=actor, kind=AppEventKind.OBJECTION, note=note)
    audit.record(actor=actor, action="socialorgs.application.objection", target=application,
                 changes={}, data={"length": len(note)})  # fmt: skip
    return application


@transaction.atomic
def round_approve(
    *, round_: VentureRound, actor: Actor, withheld: Mapping[int, str] | None = None
) -> VentureRound:
    """批复: after the objections window the funder approves the listed projects, each granted its
    budget; a project withheld (an objection upheld) is not funded, with the reason."""
    round_ = lock(round_)
    require_permission(actor, perms.can_fund, round_)
    if (
        round_.status == RoundStatus.PUBLICITY
        and round_.objections_until
        and (timezone.now() < round_.objections_until)
    ):
        raise Conflict(_("The objections window is still open."), code="objections_open")
    withheld = dict(withheld or {})
    step = ROUND_FLOW.begin(round_, actor=actor)
    step.move(RoundStatus.APPROVED)
    listed = list(
        Application.objects.select_for_update().filter(round=round_, status=AppStatus.PUBLICISED)
    )
    if set(withheld) - {a.pk for a in listed}:
        raise Invalid(_("Only listed projects can be withheld."), code="not_listed")
    for app in listed:
        if app.pk in withheld:
            reason = text(withheld[app.pk], "reason", 500)
            _decide(app, AppStatus.DECLINED, AppEventKind.DECLINED, actor, reason,
                    decision_note=reason)  # fmt: skip
        else:
            _decide(app, AppStatus.APPROVED, AppEventKind.APPROVED, actor,
                    granted_fen=app.budget_fen)  # fmt: skip
    step.finish("approved", funded=len(listed) - len(withheld), withheld=sorted(withheld))
    return round_


@transaction.atomic
def application_sign(*, application: Application, agreement_no: str, actor: Actor) -> Application:
    """签约: the agreement; the grant is split into the first tranche (the round's share, payable
    on signing) and the last (payable once the mid-term review passes), summing exactly."""
    application = lock(application)
    require_permission(actor, perms.can_run_application, application)
    number = text(agreement_no, "agreement_no", 40)
    _decide(application, AppStatus.SIGNED, AppEventKind.SIGNED, actor, number,
            agreement_no=number, signed_on=timezone.localdate())  # fmt: skip
    first = application.granted_fen * application.round.first_share // 100
    rows = [
        Tranche(application=application, number=1, gate=TrancheGate.SIGNING, amount_fen=first),
        Tranche(
            application=application,
            number=2,
            gate=TrancheGate.MIDTERM,
            amount_fen=application.granted_fen - first,
        ),  # fmt: skip
    ]
    Tranche.objects.bulk_create([t for t in rows if t.amount_fen > 0])
    return application


@transaction.atomic
def tranche_pay(*, tranche: Tranche, actor: Actor) -> Tranche:
    """拨付: only when its gate is open — after signing, and for the last after the mid-term
    review passed; never once payment is stopped."""
    tranche = lock(tranche)
    application = lock(tranche.application)
    require_permission(actor, perms.can_run_application, application)
    if application.status == AppStatus.STOPPED or tranche.status == TrancheStatus.STOPPED:
        raise Conflict(_("Payment of this grant has been stopped."), code="payment_stopped")
    if application.status not in GATE_OPEN[TrancheGate(tranche.gate)]:
        raise Conflict(
            _("This tranche is paid only after %(gate)s.") % {"gate": tranche.get_gate_display()},
            code="tranche_gated",
        )
    earlier = application.tranches.filter(number__lt=tranche.number, status=TrancheStatus.PENDING)
    if earlier.exists():
        raise Conflict(_("Pay the earlier tranche first."), code="tranche_order")
    step = TRANCHE_FLOW.begin(tranche, actor=actor)
    step.move(TrancheStatus.PAID)
    step.set(paid_on=timezone.localdate())
    step.finish("paid", amount_fen=tranche.amount_fen)
    whole, cents = divmod(tranche.amount_fen, 100)
    record_event(application, actor=actor, kind=AppEventKind.PAID,
                 note=f"第{tranche.number}期 {whole:,}.{cents:02d} 元")  # fmt: skip
    return tranche


def _stop_payments(application: Application, actor: Actor) -> int:
    pending = list(application.tranches.select_for_update().filter(status=TrancheStatus.PENDING))
    for tranche in pending:
        step = TRANCHE_FLOW.begin(tranche, actor=actor)
        step.move(TrancheStatus.STOPPED)
        step.finish("stopped")
    return len(pending)


@transaction.atomic
def application_midterm(
    *,
    application: Application,
    passed: bool,
    note: str,
    actor: Actor,
    reported_on: datetime.date | None = None,
) -> Application:
    """中期评估: passed opens the last tranche; failed — or a report late or missing by the round's
    due date — stops payment, and the result is published on the public list."""
    application = lock(application)
    require_permission(actor, perms.can_run_application, application)
    note = text(note, "note", 500)
    due = application.round.midterm_due
    late = due is not None and (reported_on is None or reported_on > due)
    if passed and late and due is not None:
        passed, note = False, f"中期报告逾期或未提交（截止{due.isoformat()}）。{note}"[:500]
    new = AppStatus.MIDTERM_PASSED if passed else AppStatus.STOPPED
    APPLICATION_FLOW.check(application.status, new)
    stopped = 0 if passed else _stop_payments(application, actor)
    step = APPLICATION_FLOW.begin(application, actor=actor)
    step.move(new, kind=AppEventKind.MIDTERM, note=note)
    step.set(midterm_note=note)
    step.finish("midterm", passed=passed, late=late, tranches_stopped=stopped)
    return application


@transaction.atomic
def application_final(
    *, application: Application, passed: bool, note: str, actor: Actor
) -> Application:
    """结项评估: the final review's result."""
    application = lock(application)
    require_permission(actor, perms.can_run_application, application)
    note = text(note, "note", 500)
    _decide(application, AppStatus.COMPLETED, AppEventKind.FINAL, actor, note,
            final_note=note, final_passed=passed)  # fmt: skip
    return application


@transaction.atomic
def application_close(*, application: Application, actor: Actor) -> Application:
    """结项: a completed or stopped project is closed."""
    application = lock(application)
    require_permission(actor, perms.can_run_application, application)
    _decide(application, AppStatus.CLOSED, AppEventKind.CLOSED, actor)
    return application


@transaction.atomic
def round_close(*, round_: VentureRound, actor: Actor) -> VentureRound:
    """The round ends when every project in it is closed (or was never funded)."""
    round_ = lock(round_)
    require_permission(actor, perms.can_fund, round_)
    if round_.applications.exclude(status__in=FINAL).exists():
        raise Conflict(_("Some projects of this round are still running."), code="projects_open")
    step = ROUND_FLOW.begin(round_, actor=actor)
    step.move(RoundStatus.CLOSED)
    step.finish("closed")
    return round_
