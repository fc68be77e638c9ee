"""The set-up pages and writes: appointing a person of the registry (masked), a transfer, leaving
with a reason; pay tables created and revised as data (refused once a run used them); courses set
up, workers enrolled, the day's QR code; the training reminder as a periodic job (idempotent,
audited as the system)."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.workforce import actions
from yipanqi.workforce.models import Enrolment, PayTable, Worker
from yipanqi.workforce.tests.factories import TEST, make_person

pytestmark = pytest.mark.django_db


def _login(client, world, persona: str):
    client.force_login(world.personas[persona])
    return client


def test_appoint_a_person_found_by_name_shown_masked(world, client):
    d = world.district
    person = make_person(d, 1, "郑新聘")
    _login(client, world, "community_admin_a2")
    found = client.get("/workforce/appoint/", {"q": "郑新"}).content.decode()
    assert person.id_number_masked in found and f"?person={person.pk}" in found
    assert client.get("/workforce/appoint/", {"q": "330283197701010011"}).status_code == 200
    form = {
        "person": person.pk, "community": d.communities[1].pk, "post": "other",
        "started_on": "2021-07-01", "prior_years": 2, "education": "bachelor",
        "qualification": "assistant",
    }  # fmt: skip
    done = client.post(f"/workforce/appoint/?person={person.pk}", form)
    worker = Worker.objects.get(person=person)
    assert done.status_code == 302 and done.url == worker.get_absolute_url()
    assert (worker.prior_years, worker.qualification) == (2, "assistant")
    again = client.post(f"/workforce/appoint/?person={person.pk}", form)  # overlapping
    page = again.content.decode()
    assert again.status_code == 200 and "alert-danger" in page
    assert 'value="2021-07-01"' in page  # what was typed stays
    assert Worker.objects.filter(person=person).count() == 1


def test_transfer_and_exit_pages_keep_input_on_error(world, client):
    worker, d = world.workers["a2_deputy"], world.district
    _login(client, world, "town_admin_a")
    same = client.post(
        f"/workforce/{worker.pk}/transfer/",
        {"community": d.communities[1].pk, "on": "2021-09-01", "post": ""},
    )
    assert same.status_code == 200 and "alert-danger" in same.content.decode()  # no_change
    moved = client.post(
        f"/workforce/{worker.pk}/transfer/",
        {"community": d.communities[0].pk, "on": "2021-09-01", "post": "head"},
    )
    assert moved.status_code == 302
    worker.refresh_from_db()
    assert (worker.community_id, worker.post) == (d.communities[0].pk, "head")
    no_reason = client.post(f"/workforce/{worker.pk}/exit/", {"on": "2021-12-31", "reason": ""})
    assert no_reason.status_code == 200 and 'value="2021-12-31"' in no_reason.content.decode()
    left = client.post(f"/workforce/{worker.pk}/exit/", {"on": "2021-12-31", "reason": "辞职"})
    worker.refresh_from_db()
    assert left.status_code == 302 and worker.status == "exited"
    assert worker.appointments.get(end_kind="exit").end_note == "辞职"


def _table_form(table_rules: dict, **extra) -> dict:
    from yipanqi.workforce.forms import table_initial

    return {**table_initial(table_rules), **extra}


def test_a_new_pay_table_from_the_form_and_its_revision(world, client):
    _login(client, world, "district_admin")
    page = client.get("/workforce/pay/tables/new/").content.decode()
    assert 'name="coef_18"' in page and 'value="2022"' in page  # the year after the latest
    form = _table_form(world.table.rules, district=world.district.district.pk, year=2022)
    form |= {"base_amount": "62000", "range_head_low": "8", "qualification_stacking": "on"}
    form.pop("counts_unqualified")  # an unticked box is not posted
    assert client.post("/workforce/pay/tables/new/", form).status_code == 302
    table = PayTable.objects.get(year=2022)
    assert table.rules["grade_ranges"]["head"] == [8, 18]
    assert table.rules["qualification_stacking"] is True
    assert table.rules["appraisal_effects"]["unqualified"]["counts"] is False
    bad = client.post(
        f"/workforce/pay/tables/{table.pk}/", {**form, "range_other_low": "13"}
    )  # other 13–12: refused by the action, the form kept
    assert bad.status_code == 200 and 'value="13"' in bad.content.decode()
    ok = client.post(f"/workforce/pay/tables/{table.pk}/", {**form, "base_amount": "63000"})
    table.refresh_from_db()
    assert ok.status_code == 302 and table.base_amount == Decimal("63000")
    used = client.post(f"/workforce/pay/tables/{world.table.pk}/", form, follow=True)
    assert "alert-danger" in used.content.decode()  # pay_table_in_use
    _login(client, world, "town_admin_a")
    assert client.post(f"/workforce/pay/tables/{table.pk}/", form).status_code == 403


def test_pay_table_rules_are_checked_and_nothing_half_saved(world):
    d = world.district
    table = actions.pay_table_create(
        district=d.district, year=2022, base_amount=Decimal(1), actor=TEST
    )
    before = dict(table.rules)
    for overrides, code in (
        ({"grade_ranges": ["x"]}, "unknown_rule"),
        ({"grade_ranges": {"boss": [1, 2]}}, "unknown_rule"),
        ({"grade_ranges": {"head": [1]}}, "bad_rules"),
        ({"grade_ranges": {"head": [7, 19]}}, "bad_rules"),
        ({"basic_share": "abc"}, "bad_rules"),
        ({"seniority_step_years": 0}, "bad_rules"),
        ({"appraisal_effects": {"excellent": "high"}}, "bad_rules"),
        ([1, 2], "unknown_rule"),
    ):
        with pytest.raises(Invalid) as e:
            actions.pay_table_edit(table=table, overrides=overrides, actor=TEST)
        assert e.value.code == code, overrides
    table.refresh_from_db()
    assert table.rules == before
    with pytest.raises(Forbidden):
        actions.pay_table_edit(table=table, actor=d.personas["town_admin_a"])
    with pytest.raises(Conflict) as e:
        actions.pay_table_edit(table=world.table, base_amount=Decimal(2), actor=TEST)
    assert e.value.code == "pay_table_in_use"


def test_course_enrolment_and_the_qr_code(world, client):
    d = world.district
    _login(client, world, "town_admin_a")
    form = {
        "area": d.towns[0].pk, "title": "群众工作方法", "theme": "群众工作",
        "start": "2021-10-11", "end": "2021-10-12", "days": "3", "class_size": "1",
    }  # fmt: skip
    bad = client.post("/workforce/training/new/", form)  # 3 days in a 2-day course
    assert bad.status_code == 200 and 'value="群众工作方法"' in bad.content.decode()
    made = client.post("/workforce/training/new/", {**form, "days": "2"})
    course = world.courses["town_a"].__class__.objects.get(title="群众工作方法")
    assert made.status_code == 302 and made.url == course.get_absolute_url()
    url = f"/workforce/training/{course.pk}/enrol/?area={d.communities[0].pk}"
    page = client.get(url).content.decode()
    head, other = world.workers["a1_head"], world.workers["a1_other"]
    assert f'value="{head.pk}"' in page and f'value="{other.pk}"' in page
    full = client.post(url, {"workers": [head.pk, other.pk]})  # a class of one
    assert full.status_code == 200 and "alert-danger" in full.content.decode()
    assert client.post(url, {"workers": [head.pk]}).status_code == 302
    assert Enrolment.objects.filter(course=course).count() == 1
    detail = client.get(course.get_absolute_url()).content.decode()
    assert 'id="course-qr"' in detail and "<svg" in detail
    code = actions._common.sign_in_code(course, timezone.localdate())
    assert f'id="sign-code">{code}<' in detail


def test_the_api_writes_answer_with_codes(world):
    d = world.district
    client = APIClient()
    client.force_authenticate(d.personas["district_admin"])
    worker = world.workers["a1_other"]
    url = f"/api/v1/workforce/workers/{worker.pk}/"
    gone = client.post(f"{url}exit/", {"on": "2021-06-30", "reason": " "}, format="json")
    assert gone.status_code == 400  # a blank reason (the serializer trims it)
    moved = client.post(
        f"{url}transfer/", {"community_id": d.communities[2].pk, "on": "2021-05-01"}, format="json"
    )
    assert moved.status_code == 200 and moved.json()["community_id"] == d.communities[2].pk
    left = client.post(f"{url}exit/", {"on": "2021-06-30", "reason": "辞职"}, format="json")
    assert left.status_code == 200 and left.json()["status"] == "exited"
    overlap = client.post(
        "/api/v1/workforce/workers/appoint/",
        {"person_id": world.workers["b1_head"].person_id, "community_id": d.communities[3].pk,
         "post": "other", "started_on": "2021-01-01", "education": "college"},
        format="json",
    )  # fmt: skip
    assert overlap.status_code == 409 and overlap.json()["code"] == "overlapping_appointment"
    table = client.post(
        "/api/v1/workforce/tables/create/",
        {"district_id": d.district.pk, "year": 2022, "base_amount": "62000",
         "rules": {"qualification_stacking": True}},
        format="json",
    )  # fmt: skip
    assert table.status_code == 201 and table.json()["rules"]["qualification_stacking"] is True
    edit = f"/api/v1/workforce/tables/{table.json()['id']}/edit/"
    bad = client.post(edit, {"rules": {"grade_ranges": {"head": [1]}}}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_rules"
    course = world.courses["district"]
    enrol = f"/api/v1/workforce/courses/{course.pk}/enrol/"
    foreign = client.post(enrol, {"worker_ids": [10**9]}, format="json")
    assert foreign.status_code == 404
    ok = client.post(enrol, {"worker_ids": [world.workers["b1_head"].pk]}, format="json")
    assert ok.status_code == 200 and course.enrolments.count() == 1


def test_the_training_reminder_runs_periodically_once_a_month(world, monkeypatch):
    from yipanqi.workforce.actions import reminders

    september = datetime.date(timezone.localdate().year, 9, 15)  # a reminder month (policy)
    monkeypatch.setattr(reminders, "timezone", SimpleNamespace(localdate=lambda: september))
    call_command("run_periodic")
    sent = set(Notification.objects.values_list("user__username", flat=True))
    assert {"community_admin_a1", "grid_worker_a1"} <= sent  # no training days this year
    events = AuditEvent.objects.filter(action="workforce.training.reminded")
    assert events.count() == 1 and "system:" in events.get().actor_username
    assert reminders.training_remind_due() == 0  # the same month again: nothing new
    assert events.count() == 1
    assert reminders.training_remind_due(datetime.date(2021, 10, 1)) == 0  # not a reminder month
