"""Every pair of states against the transition tables: allowed moves pass, the rest are 409."""

import itertools
from types import SimpleNamespace

import pytest

from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import Transition
from yipanqi.deliberation.actions._common import (
    FOLLOW_UP_FLOW,
    MEETING_FLOW,
    RESOLUTION_FLOW,
    TOPIC_FLOW,
)

FLOWS = [TOPIC_FLOW, MEETING_FLOW, RESOLUTION_FLOW, FOLLOW_UP_FLOW]
CASES = [
    (flow, old, new)
    for flow in FLOWS
    for old, new in itertools.product(flow.statuses.values, repeat=2)
]


def test_every_state_has_a_row():
    for flow in FLOWS:
        assert set(flow.table) == set(flow.statuses.values)


@pytest.mark.parametrize(("flow", "old", "new"), CASES)
def test_transition(flow, old, new):
    row = SimpleNamespace(status=old, version=3)
    step = Transition(workflow=flow, obj=row, actor=system("test"), before={})
    if new in flow.table[old]:
        assert step.move(new) == old
        assert (row.status, row.version) == (new, 4)
    else:
        with pytest.raises(Conflict) as refused:
            step.move(new)
        assert refused.value.code == "illegal_transition"
        assert (row.status, row.version) == (old, 3)
