"""Transfer pages: the transfers one reaches (open first), one transfer with its steps and
history, a request by the member (from their page) or by the sending branch."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, query_string, step, submit
from yipanqi.core.params import choice_param
from yipanqi.partylife import actions, permissions, selectors, selectors_work
from yipanqi.partylife.choices import TransferStatus
from yipanqi.partylife.forms import NoteForm, TransferForm, TransferMemberForm

PAGE_SIZE = 20
TRANSFER_STEPS = ("approve", "accept", "reject", "withdraw")
# ?side=: the transfers waiting for the user's own decision (the home cards link here)
SIDES = {
    "approve": selectors_work.transfers_to_approve,
    "receive": selectors_work.transfers_to_receive,
}


@login_required
def transfer_list(request):
    status = choice_param(request.GET, "status", TransferStatus.values) or ""
    side = choice_param(request.GET, "side", list(SIDES)) or ""
    if side:
        rows = SIDES[side](user=request.user)
        rows = rows.filter(status=status) if status else rows
    else:
        rows = selectors.transfer_list(user=request.user, status=status)
    context = {
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "statuses": TransferStatus.choices,
        "status": status,
        "side": side,
        "query": query_string([("status", status), ("side", side)]),
    }
    return render(request, "partylife/transfer_list.html", context)


def transfer_steps(user, transfer) -> set[str]:
    """What the page offers (the actions check again)."""
    steps: set[str] = set()
    if transfer.status == TransferStatus.REQUESTED and permissions.can_decide_sending(
        user, transfer
    ):
        steps |= {"approve", "reject"}
    if transfer.status == TransferStatus.APPROVED and permissions.can_decide_receiving(
        user, transfer
    ):
        steps |= {"accept", "reject"}
    if transfer.status in (TransferStatus.REQUESTED, TransferStatus.APPROVED) and (
        permissions.can_withdraw(user, transfer)
    ):
        steps.add("withdraw")
    return steps


@login_required
def transfer_detail(request, transfer_id: int):
    transfer = found(selectors.transfer_get, user=request.user, transfer_id=transfer_id)
    context = {
        "transfer": transfer,
        "events": selectors.transfer_events(transfer=transfer),
        "steps": transfer_steps(request.user, transfer),
        "runs_receiver": transfer.to_org is not None
        and selectors.branches_run_by(user=request.user).filter(pk=transfer.to_org_id).exists(),
    }
    return render(request, "partylife/transfer_detail.html", context)


def run_transfer_step(name: str, transfer, d: dict, user):
    note = d.get("note") or ""
    calls = {
        "approve": lambda: actions.transfer_approve(transfer=transfer, actor=user),
        "accept": lambda: actions.transfer_accept(
            transfer=transfer, letter_no=d.get("letter_no") or "", actor=user
        ),
        "reject": lambda: actions.transfer_reject(transfer=transfer, note=note, actor=user),
        "withdraw": lambda: actions.transfer_withdraw(transfer=transfer, note=note, actor=user),
    }
    return calls[name]()


@login_required
@require_POST
def transfer_step(request, transfer_id: int, name: str):
    transfer = found(selectors.transfer_get, user=request.user, transfer_id=transfer_id)
    if name not in TRANSFER_STEPS:
        raise Http404
    form = NoteForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    return step(
        request,
        lambda: run_transfer_step(name, transfer, d, request.user),
        _("Saved."),
        transfer.get_absolute_url(),
    )


def _target(form, targets):
    chosen = form.cleaned_data.get("to_org")
    return next((t for t in targets if str(t.pk) == chosen), None) if chosen else None


@login_required
def transfer_mine(request):
    """The member asks to move their own membership (from their page)."""
    member = selectors.member_of_user(user=request.user)
    if member is None:
        return redirect("partylife:mine")
    targets = list(selectors.transfer_targets(member=member))
    form = TransferForm(request.POST or None, targets=targets)
    done = submit(
        request,
        form,
        lambda d: actions.transfer_request(
            member=member,
            to_org=_target(form, targets),
            outside_org=d.get("outside_org") or "",
            reason=d["reason"],
            actor=request.user,
        ),  # fmt: skip
        lambda t: t.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(request, "partylife/transfer_form.html", {"form": form})


@login_required
def transfer_new(request, branch_id: int):
    """The sending branch asks for one of its members."""
    branch = found(selectors.branch_get, user=request.user, branch_id=branch_id)
    if not permissions.can_run_meetings(request.user, branch):
        raise PermissionDenied
    members = list(selectors.branch_members(branch=branch))
    by_pk = {str(m.pk): m for m in members}
    targets = list(selectors.transfer_targets(member=members[0])) if members else []
    form = TransferMemberForm(request.POST or None, targets=targets, members=members)
    done = submit(
        request,
        form,
        lambda d: actions.transfer_request(
            member=by_pk[d["member"]],
            to_org=_target(form, targets),
            outside_org=d.get("outside_org") or "",
            reason=d["reason"],
            actor=request.user,
        ),  # fmt: skip
        lambda t: t.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(request, "partylife/transfer_form.html", {"form": form, "branch": branch})
