"""The audit page in words (issue 21, "Readable everywhere"): action labels instead of codes, fields
by their names, before → after by choice labels, targets by their names today (a resident's name
masked), the actor's name or 系统 — in a constant number of queries however long the page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.core.actors import system
from yipanqi.core.audit_labels import action_label, labels, model_for
from yipanqi.grid import actions as grid_actions
from yipanqi.people import actions as people_actions
from yipanqi.people.tests.factories import make_id_number

PAGE = "/audit/"
NAME = "张三丰"


@pytest.fixture
def world(district, compiled_messages):
    from yipanqi.grid.tests.factories import build_grid_world

    return build_grid_world(district)


def _resident(world, n: int):
    return people_actions.person_create(
        area=world.district.grids[0],
        name=NAME,
        id_number=make_id_number(datetime.date(1950, 3, 1), n),
        phone=f"1395700{n:04d}",
        actor=system("test"),
    )


def _unmask(world, person) -> None:
    people_actions.person_unmask(
        person=person,
        field="phone",
        purpose="上门走访前核对",
        actor=world.personas["grid_worker_a1"],
    )


def _visit(world, index: int) -> None:
    grid_actions.visit_record(
        target=world.target(index=index),
        outcome="visited",
        answers=world.answers(),
        actor=world.personas["grid_worker_a1"],
    )


def _events(world, count: int, start: int = 0) -> None:
    """`count` each of: a resident added and unmasked, a household visited."""
    for n in range(start, start + count):
        _unmask(world, _resident(world, n))
        _visit(world, n)


def _visible_text(html: str) -> str:
    """The text a reader sees in the events list (option values and attributes left out)."""
    events = html.split('<ul class="list-group mb-3">', 1)[1].split("</ul>\n", 1)[0]
    return re.sub(r"<[^>]+>", " ", events)


def test_the_page_names_actions_fields_values_targets_and_actors(client_as, world):
    _events(world, 1)
    assert grid_actions.campaigns_close_ended(actor=system("grid.campaigns")) == 2

    response = client_as("audit_admin").get(PAGE)

    assert response.status_code == 200
    rows = {}
    for row in response.context["rows"]:  # newest first: keep the newest of each action
        rows.setdefault(row.event.action, row)
    ended = rows["grid.campaign.ended"]
    assert ended.action == "清楼行动到期结束" and ended.actor == "系统（清楼行动到期）"
    assert ended.target in {world.sweep.title, world.local.title}
    assert [(c.label, c.before, c.after) for c in ended.changes] == [("状态", "进行中", "已结束")]
    visit = rows["grid.visit.recorded"]
    worker = world.personas["grid_worker_a1"]
    assert visit.actor == str(worker) and worker.username in (visit.actor, visit.login)
    assert visit.target.startswith("走访记录 · ")  # named by its household, not "12 #1 visited"
    assert ("走访结果", "—", "已走访") in [(c.label, c.before, c.after) for c in visit.changes]
    created = rows["grid.campaign.created"]
    assert created.actor == str(world.personas["community_admin_a1"])  # the newest of the two
    assert {"发起单位", "标题", "开始日期"} <= {c.label for c in created.changes}
    text = _visible_text(response.content.decode())
    assert "系统" in text and "清楼行动到期结束" in text
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b", text)  # no action code is shown


def test_a_residents_name_stays_masked_even_on_the_unmasking_event(client_as, world):
    _events(world, 1)

    response = client_as("audit_admin").get(PAGE)

    html = response.content.decode()
    unmasked = next(r for r in response.context["rows"] if r.event.action.endswith("unmasked"))
    assert unmasked.target == "张*丰" and unmasked.action == "查看完整个人信息"
    assert ("字段", "联系电话") in unmasked.details  # which field, by its label
    assert NAME not in html and "张*丰" in html
    assert "13957000" not in html  # the phone added with the resident is shown masked


@pytest.mark.parametrize("action", ["grid.visit.recorded", "people.person"])
def test_the_page_costs_the_same_queries_however_many_events_it_shows(
    client_as, world, action, django_assert_num_queries
):
    _events(world, 1)
    client = client_as("audit_admin")
    client.get(PAGE, {"action": action})  # sessions, caches and catalogues warm
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE, {"action": action})
    _events(world, 5, start=1)  # more of the same kinds of rows: grid A1's other households

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(PAGE, {"action": action})

    assert len(response.context["rows"]) >= 5


def test_the_filter_offers_actions_by_their_labels(client_as, world):
    response = client_as("audit_admin").get(PAGE, {"action": "grid"})

    rows = response.context["rows"]
    assert rows and all(r.event.action.startswith("grid.") for r in rows)
    html = response.content.decode()
    assert '<option value="grid.campaign.ended">清楼行动到期结束</option>' in html
    assert '<option value="grid" selected>' in html


def test_every_declared_label_points_at_real_models_and_fields():
    declared = labels()
    for part, whole in declared.parts.items():
        model = model_for(part)
        assert model is not None, part
        assert model._meta.get_field(whole).is_relation, (part, whole)
    for label in {*declared.masked, *declared.masked_if, *declared.kinds, *declared.fields}:
        assert model_for(label) is not None, label


def test_an_undeclared_code_still_reads_as_words(compiled_messages):
    assert action_label("grid.campaign.postponed") == "清楼行动：Postponed"
    assert action_label("orders.serviceorder.created") == "服务单：已新建"
