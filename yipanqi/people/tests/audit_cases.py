"""The people app's cases for core/tests/test_audit_changes.py beyond those walked there: the
move-out (迁出) and its undo. Each case takes that test's `World` and returns its `Step`."""

import datetime
from functools import partial
from typing import Any

from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.people import actions as people


def _step(code: str, run: Any, row: Any = None) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row)


def _person(w: Any) -> Any:
    return people.person_create(
        area=w.d.grids[0], name="周九", id_number=w.orders.id_number(), actor=system("test")
    )


def _move_out(w: Any) -> Any:
    person = _person(w)
    day = timezone.localdate() - datetime.timedelta(days=30)
    run = partial(people.person_move_out, person=person, moved_out_on=day, actor=w.admin())
    return _step("people.person.moved_out", run, person)


def _move_back(w: Any) -> Any:
    person = people.person_move_out(
        person=_person(w), moved_out_on=timezone.localdate(), actor=system("test")
    )
    run = partial(people.person_move_back, person=person, actor=w.admin())
    return _step("people.person.moved_back", run, person)


CASES = [
    (people.person_move_out, _move_out),
    (people.person_move_back, _move_back),
]
