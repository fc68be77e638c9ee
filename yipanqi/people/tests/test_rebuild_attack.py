"""The probe's rebuild attack, played by every role that may not unmask a value.

A masked ID number keeps its first four and last four characters. Beside a full birth date
(characters 7–14) only the two county digits are unknown: about ten candidates pass the GB 11643
check, and an exact search confirms the right one. The attacker below reads everything each role
is shown (pages, API, export), builds every candidate that fits, and searches for them on the page
and over the API. Required: no number is recovered by a role that may not unmask it, every search
by a full number is audited, and searches stop at the hourly budget. The same attacker, as a role
that may unmask, does recover numbers: the test can fail.
"""

import datetime
import io
import itertools

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from yipanqi.core.models import AuditEvent
from yipanqi.people import permissions, policies
from yipanqi.people.actions import EXACT_SEARCH_EVENT
from yipanqi.people.tests.test_scope_matrix import PERSONAS, api_for, collect_api_ids
from yipanqi.people.validators import check_character

API = "/api/v1/people"
KNOWN_COUNTIES = ("13", "83")  # 330213 奉化区, 330283 奉化市 (retired, still in old numbers)


def _date_texts(day: datetime.date) -> list[str]:
    return [
        day.isoformat(),
        f"{day:%Y%m%d}",
        f"{day:%Y/%m/%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}年{day.month:02d}月{day.day:02d}日",
    ]


def _days_of(year: int):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


def id_candidates(masked: str, shown: str, birth_year: int):
    """Every number that fits the masked value and the birth date or year the role was shown,
    most likely first (the district's own county codes)."""
    shown_days = [d for d in _days_of(birth_year) if any(t in shown for t in _date_texts(d))]
    counties = list(KNOWN_COUNTIES) + [
        f"{n:02d}" for n in range(100) if f"{n:02d}" not in KNOWN_COUNTIES
    ]
    for county, day in itertools.product(counties, shown_days or _days_of(birth_year)):
        body = f"{masked[:4]}{county}{day:%Y%m%d}{masked[-4:-1]}"
        if check_character(body) == masked[-1]:
            yield body + masked[-1]


def phone_candidates(masked: str):
    for n in range(10_000):
        yield f"{masked[:3]}{n:04d}{masked[-4:]}"


def _shown_to(shared, client, api, person, persona) -> str:
    """Everything the role is shown about the person: both lists, detail pages, API, export."""
    parts = [
        client.get(f"/people/{person.pk}/").content.decode(),
        client.get(f"/people/?area={person.area_id}").content.decode(),
        api.get(f"{API}/persons/{person.pk}/").content.decode(),
        api.get(f"{API}/persons/?area={person.area_id}&page_size=200").content.decode(),
    ]
    if person.household_id:
        parts.append(client.get(f"/people/households/{person.household_id}/").content.decode())
    export = client.get(f"/people/export/?area={person.area_id}")
    if export.status_code == 200 and export.get("Content-Type", "").startswith("application/vnd"):
        sheet = load_workbook(io.BytesIO(export.content), read_only=True).active
        parts.append(" ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row))
    return "\n".join(parts)


def _found(client, api, person, candidate: str) -> bool:
    """One exact search on the page and one over the API: did either name the person?"""
    page = client.post("/people/", {"q": candidate})
    answer = api.post(f"{API}/persons/search/", {"q": candidate}, format="json")
    on_page = f'href="/people/{person.pk}/"' in page.content.decode()
    in_api = answer.status_code == 200 and person.pk in [r["id"] for r in answer.json()["results"]]
    return on_page or in_api


def _attack(shared, persona: str, field: str, tries: int) -> tuple[int, int]:
    """(numbers recovered, people attacked) for one role and one field."""
    user = shared.personas[persona]
    api = api_for(shared, persona)
    client = APIClient()  # a second client for pages, signed in by session
    client.force_login(user)
    visible = collect_api_ids(api, f"{API}/persons/")
    attacked = recovered = 0
    for person in shared.persons:
        if person.pk not in visible or not shared.plain[person.pk][1 if field == "phone" else 0]:
            continue
        attacked += 1
        body = api.get(f"{API}/persons/{person.pk}/").json()
        if field == "id_number":
            shown = _shown_to(shared, client, api, person, persona)
            guesses = id_candidates(body["id_number_masked"], shown, body["birth_year"])
        else:
            guesses = phone_candidates(body["phone_masked"])
        truth = shared.plain[person.pk][0 if field == "id_number" else 1]
        for guess in itertools.islice(guesses, tries):
            if _found(client, api, person, guess):
                recovered += guess == truth
                break
    return recovered, attacked


def _unmask_persons(shared, persona, field) -> bool:
    user = shared.personas[persona]
    return any(permissions.can_unmask(user, p, field) for p in shared.persons)


WITHOUT_ID_RIGHTS = [
    p
    for p in PERSONAS
    if p not in ("district_admin", "community_admin_a1", "community_admin_a2", "community_admin_b1")
]


@pytest.mark.parametrize("persona", WITHOUT_ID_RIGHTS)
def test_no_role_without_unmask_rights_rebuilds_an_id_number(shared, persona):
    assert not _unmask_persons(shared, persona, "id_number")

    recovered, attacked = _attack(shared, persona, "id_number", tries=12)

    assert recovered == 0
    if persona in ("town_admin_a", "grid_worker_a1"):  # they see people, so they were attacked
        assert attacked > 0


@pytest.mark.parametrize(
    "persona",
    [
        p
        for p in PERSONAS
        if p
        not in (
            "district_admin",
            "town_admin_a",
            "community_admin_a1",
            "community_admin_a2",
            "community_admin_b1",
            "grid_worker_a1",
        )
    ],
)
def test_no_role_without_unmask_rights_rebuilds_a_phone(shared, persona):
    assert not _unmask_persons(shared, persona, "phone")

    recovered, _ = _attack(shared, persona, "phone", tries=12)

    assert recovered == 0


def test_the_attacker_works_where_the_role_may_unmask(shared):
    """Control: a community admin sees the full birth date and may search, so the same attacker
    recovers every number in scope within a few tries (each one an audited search)."""
    recovered, attacked = _attack(shared, "community_admin_a1", "id_number", tries=12)

    assert attacked > 0 and recovered == attacked


@pytest.mark.parametrize("persona", ["town_admin_a", "grid_worker_a1"])
def test_roles_without_id_rights_see_the_birth_year_only(shared, persona):
    api = api_for(shared, persona)
    client = APIClient()
    client.force_login(shared.personas[persona])
    for pk in collect_api_ids(api, f"{API}/persons/"):
        person = next(p for p in shared.persons if p.pk == pk)
        shown = _shown_to(shared, client, api, person, persona)
        assert not any(t in shown for t in _date_texts(person.birth_date)), (persona, pk)
        assert api.get(f"{API}/persons/{pk}/").json()["birth_date"] is None


def test_searches_by_full_number_are_audited_and_stop_at_the_budget(shared):
    user = shared.personas["grid_worker_a1"]
    api = api_for(shared, "grid_worker_a1")
    limit = policies.EXACT_SEARCHES_PER_HOUR.default
    numbers = [shared.plain[p.pk][0] for p in shared.persons]
    answers = [
        api.post(f"{API}/persons/search/", {"q": numbers[n % len(numbers)]}, format="json")
        for n in range(limit + 2)
    ]

    assert [a.status_code for a in answers] == [200] * limit + [429, 429]
    assert answers[-1].json()["code"] == "exact_search_rate_limited"
    events = AuditEvent.objects.filter(actor=user, action=EXACT_SEARCH_EVENT)
    assert events.count() == limit
    assert {e.data["field"] for e in events} == {"id_number"}
    assert all("*" in e.data["value"] and not e.data["permitted"] for e in events)
    assert not any(n in str(e.data) for e in events for n in numbers)


def test_a_name_search_is_not_counted_as_an_exact_search(shared):
    api = api_for(shared, "grid_worker_a1")

    api.post(f"{API}/persons/search/", {"q": shared.persons[0].name}, format="json")

    assert not AuditEvent.objects.filter(action=EXACT_SEARCH_EVENT).exists()


def test_search_roles_are_never_wider_than_unmask_roles():
    from yipanqi.people.models import EXACT_SEARCH_POLICY, UNMASK_POLICY

    for field, roles in EXACT_SEARCH_POLICY.items():
        assert roles <= UNMASK_POLICY[field], field


def test_already_registered_answers_count_as_exact_searches(shared):
    """Creating a resident with a guessed number answers "already registered" when it is right:
    for a role that may not search by ID number, each such answer is audited as a search and the
    hourly budget stops the guessing, whatever the next answer would be."""
    user = shared.personas["grid_worker_a1"]
    api = api_for(shared, "grid_worker_a1")
    limit = policies.EXACT_SEARCHES_PER_HOUR.default
    registered = shared.plain[shared.persons[-1].pk][0]  # someone in another community
    grid = shared.district.grids[0].pk

    def create(number):
        body = {"grid_id": grid, "name": "试探", "id_number": number}
        return api.post(f"{API}/persons/", body, format="json")

    answers = [create(registered) for _ in range(limit)]
    over = create(registered)

    assert {(a.status_code, a.json()["code"]) for a in answers} == {(409, "duplicate_id_number")}
    assert (over.status_code, over.json()["code"]) == (429, "exact_search_rate_limited")
    assert AuditEvent.objects.filter(actor=user, action=EXACT_SEARCH_EVENT).count() == limit
