"""Residents who moved away (迁出), R-PI-8: the move-out is recorded by those who may change the
person (action, page, API step) and undone only before anonymisation; three years (a district
policy) after it the retention job anonymises the record — with time travel, by dating the
move-out back or running the job in the future."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from yipanqi.core import retention
from yipanqi.core.actions import policy_set
from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent, RowChange
from yipanqi.people import actions, pi
from yipanqi.people.models import Person
from yipanqi.people.policies import MOVED_OUT_RETENTION_DAYS

DAY = datetime.timedelta(days=1)
YEARS_3 = 3 * 365 * DAY
API = "/api/v1/people/persons"


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def today() -> datetime.date:
    return timezone.localdate()


def moved_out(person: Person, days_ago: int) -> Person:
    return actions.person_move_out(
        person=person, moved_out_on=today() - days_ago * DAY, actor=system("test")
    )


def rule_events():
    return AuditEvent.objects.filter(action=retention.ACTION, data__rule=pi.MOVED_OUT_RULE)


# --- the retention job -------------------------------------------------------------------------


def test_a_resident_moved_out_over_three_years_ago_is_anonymised(shared):
    first, second = (
        shared.persons[0],
        shared.persons[2],
    )  # grid 0, in households; second has a phone
    actions.person_link_user(person=first, user=shared.personas["resident_a1"], actor=system("t"))
    recent, almost, staying = shared.persons[4], shared.persons[5], shared.persons[6]
    for old in (first, second):
        moved_out(old, 3 * 365 + 2)
    moved_out(recent, 2 * 365)
    moved_out(almost, 3 * 365 - 1)  # a day short of the three years

    assert retention.anonymise_expired() == 2  # two rows of one district: digests stay unique
    for old in (fresh(first), fresh(second)):
        assert (old.name, old.name_initials, old.notes) == (retention.ANONYMISED, "", "")
        assert (old.ethnicity, old.political_status) == ("", "")
        assert bytes(old.id_number_cipher) == b"" and old.id_number_masked == ""
        assert old.id_number_digest == f"anon-{old.pk}"
        assert (old.phone_cipher, old.phone_digest, old.phone_masked) == (None, "", "")
        assert (old.household_id, old.user_id) == (None, None)
    anonymised = fresh(first)
    assert anonymised.birth_date == datetime.date(first.birth_date.year, 1, 1)  # the year stays
    assert (anonymised.sex, anonymised.area_id) == (first.sex, first.area_id)
    assert anonymised.moved_out_on == today() - (3 * 365 + 2) * DAY  # the record stays
    for untouched in (recent, almost, staying):
        assert fresh(untouched).name == untouched.name
        assert fresh(untouched).id_number_digest == untouched.id_number_digest
    assert rule_events().get().data["rows"] == 2
    # the database's trail keeps that the rows changed, not the values they lost
    trail = RowChange.objects.filter(table_name="people_person", row_pk=str(first.pk))
    erased = trail.filter(redacted=retention.ACTION).get()
    assert set(erased.old.values()) == {None} and "name" in erased.old
    assert retention.anonymise_expired() == 0  # nothing twice
    assert pi.is_anonymised(fresh(first)) and not pi.is_anonymised(fresh(recent))


def test_time_travel_the_job_waits_three_years_after_the_move_out(shared):
    person = moved_out(shared.persons[0], 0)
    now = timezone.now()
    for later in (2 * 365 * DAY, YEARS_3 - DAY):
        assert retention.anonymise_expired(now=now + later) == 0
        assert fresh(person).name == person.name
    assert retention.anonymise_expired(now=now + YEARS_3 + 2 * DAY) == 1
    assert fresh(person).name == retention.ANONYMISED


def test_residents_who_never_moved_out_are_untouched(shared):
    assert retention.anonymise_expired(now=timezone.now() + 100 * 365 * DAY) == 0
    assert not Person.objects.filter(name=retention.ANONYMISED).exists()


def test_a_district_may_keep_them_longer_by_policy(shared):
    person = moved_out(shared.persons[0], 4 * 365)
    key, code = MOVED_OUT_RETENTION_DAYS.key, person.district_code
    policy_set(key=key, district_code=code, value=5 * 365, actor=system("test"))
    assert retention.anonymise_expired() == 0
    assert fresh(person).name == person.name
    policy_set(key=key, district_code=code, value=3 * 365, actor=system("test"))
    assert retention.anonymise_expired() == 1


def test_the_retention_is_the_registers_three_years_by_default(shared):
    assert MOVED_OUT_RETENTION_DAYS.value(shared.persons[0].district_code) == 3 * 365
    rule = next(r for r in retention.rules() if r.key == pi.MOVED_OUT_RULE)
    assert (rule.model, rule.ended, rule.activity) == ("people.Person", "moved_out_on", "residents")
    assert rule.days is MOVED_OUT_RETENTION_DAYS  # a district may keep longer


def test_a_constant_digest_would_break_the_districts_unique_id_numbers(shared, monkeypatch):
    """Why the digest is an expression of the row: one constant for two rows is refused."""
    rule = next(r for r in retention.rules() if r.key == pi.MOVED_OUT_RULE)
    constant = {**rule.values, "id_number_digest": "anonymised"}
    monkeypatch.setitem(
        retention._RULES, rule.key, type(rule)(**{**vars(rule), "values": constant})
    )
    for person in (shared.persons[0], shared.persons[2]):
        moved_out(person, 4 * 365)
    with pytest.raises(IntegrityError):
        retention.anonymise_expired()


# --- the actions -------------------------------------------------------------------------------


def test_move_out_is_audited_with_before_and_after(shared):
    admin = shared.personas["community_admin_a1"]
    day = today() - 30 * DAY
    person = actions.person_move_out(person=shared.persons[0], moved_out_on=day, actor=admin)
    assert fresh(person).moved_out_on == day
    event = AuditEvent.objects.get(action="people.person.moved_out", target_id=str(person.pk))
    assert event.changes == {"moved_out_on": [None, day.isoformat()]}
    assert event.actor_id == admin.pk

    actions.person_move_back(person=person, actor=admin)
    assert fresh(person).moved_out_on is None
    event = AuditEvent.objects.get(action="people.person.moved_back", target_id=str(person.pk))
    assert event.changes == {"moved_out_on": [day.isoformat(), None]}


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (lambda p: today() + DAY, "moved_out_in_future"),
        (lambda p: p.birth_date - DAY, "moved_out_before_birth"),
    ],
    ids=["future", "before_birth"],
)
def test_move_out_refuses_a_date_in_the_future_or_before_birth(shared, day, code):
    person = shared.persons[0]
    with pytest.raises(Invalid) as refused:
        actions.person_move_out(
            person=person, moved_out_on=day(person), actor=shared.personas["community_admin_a1"]
        )
    assert refused.value.code == code and "moved_out_on" in refused.value.fields
    assert fresh(person).moved_out_on is None


def test_today_and_the_birthday_are_accepted(shared):
    admin = shared.personas["community_admin_a1"]
    person = actions.person_move_out(person=shared.persons[0], moved_out_on=today(), actor=admin)
    assert fresh(person).moved_out_on == today()
    other = shared.persons[2]
    actions.person_move_out(person=other, moved_out_on=other.birth_date, actor=admin)
    assert fresh(other).moved_out_on == other.birth_date


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("community_admin_a1", True),
        ("town_admin_a", True),
        ("district_admin", True),
        ("grid_worker_a1", True),  # persons[0] lives in their grid: they keep its register
        ("community_admin_b1", False),
        ("party_member_a1", False),
        ("resident_a1", False),
        ("auditor_a", False),
        ("no_role", False),
    ],
)
def test_only_those_who_may_change_the_person_move_them_out_or_back(shared, persona, allowed):
    user, person = shared.personas[persona], shared.persons[0]
    if allowed:
        actions.person_move_out(person=person, moved_out_on=today(), actor=user)
        actions.person_move_back(person=person, actor=user)
        return
    with pytest.raises(Forbidden):
        actions.person_move_out(person=person, moved_out_on=today(), actor=user)
    moved_out(person, 1)
    with pytest.raises(Forbidden):
        actions.person_move_back(person=person, actor=user)
    assert fresh(person).moved_out_on == today() - DAY


def test_moving_out_twice_is_refused_and_undoing_needs_a_move_out(shared):
    admin, person = shared.personas["community_admin_a1"], shared.persons[0]
    with pytest.raises(Conflict) as not_moved:
        actions.person_move_back(person=person, actor=admin)
    assert not_moved.value.code == "not_moved_out"
    moved_out(person, 10)
    with pytest.raises(Conflict) as twice:
        actions.person_move_out(person=person, moved_out_on=today(), actor=admin)
    assert twice.value.code == "already_moved_out"
    assert fresh(person).moved_out_on == today() - 10 * DAY


def test_an_anonymised_record_cannot_be_moved_back(shared):
    person = moved_out(shared.persons[0], 4 * 365)
    retention.anonymise_expired()
    with pytest.raises(Conflict) as refused:
        actions.person_move_back(person=person, actor=shared.personas["community_admin_a1"])
    assert refused.value.code == "anonymised"
    assert fresh(person).moved_out_on is not None


# --- the page ----------------------------------------------------------------------------------


def test_a_community_admin_records_the_move_out_on_the_page(shared, shared_client):
    browser, person = shared_client("community_admin_a1"), shared.persons[2]
    page = browser.get(f"/people/{person.pk}/").content.decode()
    assert f'action="/people/{person.pk}/move-out/"' in page and "已迁出" not in page

    day = today() - 5 * DAY
    response = browser.post(f"/people/{person.pk}/move-out/", {"moved_out_on": day.isoformat()})
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert fresh(person).moved_out_on == day
    page = browser.get(f"/people/{person.pk}/").content.decode()
    assert "已迁出" in page and day.isoformat() in page
    assert f'action="/people/{person.pk}/move-out/"' not in page
    assert f'action="/people/{person.pk}/move-back/"' in page

    listed = browser.get("/people/", {"q": person.name}).content.decode()  # still listed
    assert f'href="/people/{person.pk}/"' in listed

    response = browser.post(f"/people/{person.pk}/move-back/")
    assert response.status_code == 302 and fresh(person).moved_out_on is None


def test_the_page_shows_a_refused_date_on_the_form(shared, shared_client):
    browser, person = shared_client("community_admin_a1"), shared.persons[2]
    future = (today() + DAY).isoformat()
    response = browser.post(f"/people/{person.pk}/move-out/", {"moved_out_on": future})
    assert response.status_code == 400
    assert "迁出日期不能晚于今天。" in response.content.decode()
    assert fresh(person).moved_out_on is None
    assert browser.get(f"/people/{person.pk}/move-out/").status_code == 302  # back to the page
    moved_out(person, 2)  # meanwhile, from another page
    response = browser.post(f"/people/{person.pk}/move-out/", {"moved_out_on": today().isoformat()})
    assert response.status_code == 400 and "该居民已迁出。" in response.content.decode()


def test_the_page_refuses_those_who_may_not_change_the_person(shared, shared_client):
    own = shared.persons[1]  # the party member's own record: they see it, may not change it
    member = shared_client("party_member_a1")
    page = member.get(f"/people/{own.pk}/")
    assert page.status_code == 200 and "/move-out/" not in page.content.decode()
    assert (
        member.post(f"/people/{own.pk}/move-out/", {"moved_out_on": "2024-01-01"}).status_code
        == 403
    )
    other = shared.persons[4]  # grid 1: outside the grid worker's grid 0
    worker = shared_client("grid_worker_a1")
    assert (
        worker.post(f"/people/{other.pk}/move-out/", {"moved_out_on": "2024-01-01"}).status_code
        == 404
    )
    resident = shared_client("resident_a1")
    assert (
        resident.post(f"/people/{other.pk}/move-out/", {"moved_out_on": "2024-01-01"}).status_code
        == 404
    )
    moved_out(other, 3)
    assert resident.post(f"/people/{other.pk}/move-back/").status_code == 404
    assert worker.post(f"/people/{other.pk}/move-back/").status_code == 404
    assert (fresh(own).moved_out_on, fresh(other).moved_out_on) == (None, today() - 3 * DAY)


def test_an_anonymised_resident_still_shows_without_an_undo(shared, shared_client):
    person = moved_out(shared.persons[2], 4 * 365)
    retention.anonymise_expired()
    page = shared_client("community_admin_a1").get(f"/people/{person.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "已迁出" in html and retention.ANONYMISED in html
    assert "/move-back/" not in html and "/move-out/" not in html


# --- the API -----------------------------------------------------------------------------------


def test_the_api_step_moves_out_and_back(shared, shared_api):
    api, person = shared_api("community_admin_a1"), shared.persons[2]
    day = (today() - 7 * DAY).isoformat()
    response = api.post(f"{API}/{person.pk}/move-out/", {"moved_out_on": day}, format="json")
    assert response.status_code == 200 and response.json()["moved_out_on"] == day
    assert api.get(f"{API}/{person.pk}/").json()["moved_out_on"] == day
    again = api.post(f"{API}/{person.pk}/move-out/", {"moved_out_on": day}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_moved_out")
    back = api.post(f"{API}/{person.pk}/move-back/", format="json")
    assert back.status_code == 200 and back.json()["moved_out_on"] is None


def test_the_api_step_refuses_a_future_date(shared, shared_api):
    api, person = shared_api("community_admin_a1"), shared.persons[2]
    future = (today() + DAY).isoformat()
    response = api.post(f"{API}/{person.pk}/move-out/", {"moved_out_on": future}, format="json")
    assert (response.status_code, response.json()["code"]) == (400, "moved_out_in_future")
    assert fresh(person).moved_out_on is None


def test_the_api_step_refuses_those_who_may_not_change_the_person(shared, shared_api):
    body = {"moved_out_on": "2024-01-01"}
    own = shared.persons[1]
    response = shared_api("party_member_a1").post(f"{API}/{own.pk}/move-out/", body, format="json")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    other = shared.persons[4]
    for persona in ("grid_worker_a1", "resident_a1", "community_admin_b1"):
        api = shared_api(persona)
        assert api.post(f"{API}/{other.pk}/move-out/", body, format="json").status_code == 404
    moved_out(other, 3)
    assert shared_api("grid_worker_a1").post(f"{API}/{other.pk}/move-back/").status_code == 404
    assert (fresh(own).moved_out_on, fresh(other).moved_out_on) == (None, today() - 3 * DAY)
