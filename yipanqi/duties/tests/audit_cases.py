"""The duties app's cases for core/tests/test_audit_changes.py."""

from functools import partial
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from yipanqi.core.actors import system
from yipanqi.core.testing import tiny_png
from yipanqi.duties import actions as duties
from yipanqi.duties.tests.factories import build_duties_world, request_fields

TEST = system("test")


def _world(w: Any) -> Any:
    if not hasattr(w, "_duties"):
        w._duties = build_duties_world(w.d)
    return w._duties


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also)


def _list_create(w: Any) -> Any:
    area = w.d.communities[1]
    return _step("duties.list.created",
                 partial(duties.duty_list_create, area=area, year=2021, actor=w.p["town_admin_a"]))  # fmt: skip


def _item_add(w: Any) -> Any:
    lst = _world(w).lists["a1"]
    run = partial(duties.duty_item_add, duty_list=lst, title="新职责", basis="文件", owner="书记",
                  actor=w.p["town_admin_a"])  # fmt: skip
    return _step("duties.item.added", run)


def _item_update(w: Any) -> Any:
    item = _world(w).lists["a1"].items.first()
    run = partial(duties.duty_item_update, item=item, title="改名", basis="文件", owner="书记",
                  actor=w.p["town_admin_a"])  # fmt: skip
    return _step("duties.item.updated", run, item)


def _item_progress(w: Any) -> Any:
    item = _world(w).lists["a1"].items.first()
    photo = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    run = partial(duties.duty_item_progress, item=item, progress="done", note="完成",
                  upload=photo, actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("duties.item.progress", run, item, ("evidence",))


def _file(w: Any) -> Any:
    run = partial(duties.request_file, area=w.d.district, actor=w.p["district_admin"],
                  **request_fields())  # fmt: skip
    return _step("duties.request.filed", run)


def _approve(w: Any) -> Any:
    row = _world(w).requests["a_open"]
    return _step("duties.request.approved",
                 partial(duties.request_approve, request=row, actor=w.p["district_admin"]), row)  # fmt: skip


def _refuse(w: Any) -> Any:
    row = _world(w).requests["a_open"]
    run = partial(duties.request_refuse, request=row, reason="无依据", actor=w.p["district_admin"])
    return _step("duties.request.refused", run, row)


def _withdraw(w: Any) -> Any:
    row = _world(w).requests["a_open"]
    return _step("duties.request.withdrawn",
                 partial(duties.request_withdraw, request=row, actor=w.p["town_admin_a"]), row)  # fmt: skip


def _retire(w: Any) -> Any:
    row = _world(w).requests["d_admitted"]
    run = partial(duties.request_retire, request=row, reason="退出", actor=w.p["district_admin"])
    return _step("duties.request.retired", run, row)


def _task_refuse(w: Any) -> Any:
    run = partial(duties.task_refuse, area=w.d.communities[0], task="台账", pushed_by="某局",
                  reason="未准入", actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("duties.refusal.recorded", run)


CASES = [
    (duties.duty_list_create, _list_create),
    (duties.duty_item_add, _item_add),
    (duties.duty_item_update, _item_update),
    (duties.duty_item_progress, _item_progress),
    (duties.request_file, _file),
    (duties.request_approve, _approve),
    (duties.request_refuse, _refuse),
    (duties.request_withdraw, _withdraw),
    (duties.request_retire, _retire),
    (duties.task_refuse, _task_refuse),
]
NOT_WALKED: set[str] = set()
