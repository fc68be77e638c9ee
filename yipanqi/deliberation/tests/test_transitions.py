"""Every pair of states against the transition tables: allowed moves pass, the rest are 409."""

import itertools
from types import SimpleNamespace

import pytest

from yipanqi.core.errors import Conflict
from yipanqi.deliberation.actions._common import move
from yipanqi.deliberation.choices import (
    FOLLOW_UP_TRANSITIONS,
    MEETING_TRANSITIONS,
    RESOLUTION_TRANSITIONS,
    TOPIC_TRANSITIONS,
    FollowUpStatus,
    MeetingStatus,
    ResolutionStatus,
    TopicStatus,
)

TABLES = [
    (TopicStatus, TOPIC_TRANSITIONS),
    (MeetingStatus, MEETING_TRANSITIONS),
    (ResolutionStatus, RESOLUTION_TRANSITIONS),
    (FollowUpStatus, FOLLOW_UP_TRANSITIONS),
]
CASES = [
    (labels, table, old, new)
    for labels, table in TABLES
    for old, new in itertools.product(labels.values, repeat=2)
]


def test_every_state_has_a_row():
    for labels, table in TABLES:
        assert set(table) == set(labels.values)


@pytest.mark.parametrize(("labels", "table", "old", "new"), CASES)
def test_transition(labels, table, old, new):
    row = SimpleNamespace(status=old, version=3)
    if new in table[old]:
        assert move(row, new, table, labels) == old
        assert (row.status, row.version) == (new, 4)
    else:
        with pytest.raises(Conflict) as refused:
            move(row, new, table, labels)
        assert refused.value.code == "illegal_transition"
        assert (row.status, row.version) == (old, 3)
