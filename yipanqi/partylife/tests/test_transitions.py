"""The transition tables walked: every (status, step) pair either moves as the table says or
answers 409 `illegal_transition`, and a refused step changes nothing."""

import datetime

import pytest

from yipanqi.core.errors import Conflict
from yipanqi.partylife import actions
from yipanqi.partylife.choices import (
    MEETING_TRANSITIONS,
    TRANSFER_TRANSITIONS,
    MeetingStatus,
    TransferStatus,
)
from yipanqi.partylife.models import Meeting, Transfer
from yipanqi.partylife.tests.factories import SYS, plan

pytestmark = pytest.mark.django_db

MEETING_STEPS = {
    MeetingStatus.RECORDED: lambda m: actions.meeting_record(meeting=m, minutes="纪要", actor=SYS),
    MeetingStatus.CONFIRMED: lambda m: actions.meeting_confirm(meeting=m, actor=SYS),
    MeetingStatus.CANCELLED: lambda m: actions.meeting_cancel(meeting=m, actor=SYS),
}
PATH_TO = {
    MeetingStatus.PLANNED: [],
    MeetingStatus.RECORDED: [MeetingStatus.RECORDED],
    MeetingStatus.CONFIRMED: [MeetingStatus.RECORDED, MeetingStatus.CONFIRMED],
    MeetingStatus.CANCELLED: [MeetingStatus.CANCELLED],
}


@pytest.mark.parametrize("start", list(MeetingStatus))
@pytest.mark.parametrize("target", list(MEETING_STEPS))
def test_meeting_table(world, start, target):
    meeting = plan(world, "a1", day=datetime.date(2021, 4, 2))
    for status in PATH_TO[start]:
        MEETING_STEPS[status](meeting)
    meeting.refresh_from_db()
    assert meeting.status == start
    if target in MEETING_TRANSITIONS[start]:
        MEETING_STEPS[target](meeting)
        assert Meeting.objects.get(pk=meeting.pk).status == target
    else:
        with pytest.raises(Conflict) as refused:
            MEETING_STEPS[target](meeting)
        assert refused.value.code in ("illegal_transition", "meeting_locked", "meeting_cancelled")
        assert Meeting.objects.get(pk=meeting.pk).status == start


TRANSFER_STEPS = {
    TransferStatus.APPROVED: lambda t: actions.transfer_approve(transfer=t, actor=SYS),
    TransferStatus.ACCEPTED: lambda t: actions.transfer_accept(transfer=t, actor=SYS),
    TransferStatus.REJECTED: lambda t: actions.transfer_reject(transfer=t, note="不符", actor=SYS),
    TransferStatus.WITHDRAWN: lambda t: actions.transfer_withdraw(transfer=t, actor=SYS),
}
TRANSFER_PATH = {
    TransferStatus.REQUESTED: [],
    TransferStatus.APPROVED: [TransferStatus.APPROVED],
    TransferStatus.ACCEPTED: [TransferStatus.APPROVED, TransferStatus.ACCEPTED],
    TransferStatus.REJECTED: [TransferStatus.REJECTED],
    TransferStatus.WITHDRAWN: [TransferStatus.WITHDRAWN],
}


@pytest.mark.parametrize("start", list(TransferStatus))
@pytest.mark.parametrize("target", list(TRANSFER_STEPS))
def test_transfer_table(world, start, target):
    transfer = world.transfers["a1"]
    for status in TRANSFER_PATH[start]:
        TRANSFER_STEPS[status](transfer)
    transfer.refresh_from_db()
    member = transfer.member
    branch = member.branch_id
    if target in TRANSFER_TRANSITIONS[start]:
        TRANSFER_STEPS[target](transfer)
        assert Transfer.objects.get(pk=transfer.pk).status == target
    else:
        with pytest.raises(Conflict) as refused:
            TRANSFER_STEPS[target](transfer)
        assert refused.value.code == "illegal_transition"
        assert Transfer.objects.get(pk=transfer.pk).status == start
        member.refresh_from_db()
        assert member.branch_id == branch  # a refused step moves nobody
