"""R-PI-2, minimisation: the API collects no personal field that the processing register does
not list for the app that takes it, and a field the schema calls optional can really be left out.

Both walk every operation of the OpenAPI schema (a new app's endpoints are walked unasked). A
request field "looks personal" by the register's own test (`core.processing.LOOKS_PERSONAL`:
names, phones, ID numbers, addresses, free text); the register of its app must name a field of
that name (classified sensitive, ordinary, or not personal with the reason)."""

from collections import defaultdict

import pytest
from django.urls import resolve

from yipanqi.core import processing
from yipanqi.core.tests import test_bad_input as bad
from yipanqi.core.tests.test_bad_input import _resolve, operations, url_of

pytestmark = pytest.mark.usefixtures("compiled_messages")

world, api_for = bad.world, bad.api_for


def request_body(op: dict) -> dict:
    body = op.get("requestBody", {}).get("content", {}).get("application/json")
    return _resolve(body["schema"]) if body else {}


def app_of(path: str) -> str:
    """The app whose API module answers the path (e.g. yipanqi.orders.api.views → orders)."""
    return resolve(url_of(path, 1)).func.__module__.split(".")[1]


def registered_names() -> dict[str, set[str]]:
    """Per app label, the field names its register entries name ("*" names every field)."""
    from django.apps import apps

    names: dict[str, set[str]] = defaultdict(set)
    for entry in processing.entries():
        label, _dot, field = entry.target.rpartition(".")
        model = apps.get_model(label)
        fields = [f.name for f in model._meta.concrete_fields] if field == "*" else [field]
        names[model._meta.app_label].update(fields)
    return names


def personal_fields() -> list[tuple[str, str, str]]:
    return [
        (path, method, name)
        for path, method, op in operations("post", "put", "patch")
        for name in request_body(op).get("properties", {})
        if processing.LOOKS_PERSONAL.search(name)
    ]


def test_the_walk_finds_personal_fields_in_requests():
    assert len(personal_fields()) > 30


# Request fields kept under another name: where each lands (a register entry, checked below).
STORED_AS = {
    ("centres", "notes"): "centres.ScoreEntry.reason",  # a score's note
    ("cobuilding", "reason"): "cobuilding.Claim.decline_reason",
    ("cobuilding", "name"): "orders.ServiceTeam.name",  # the teams live in orders (decision 024)
    ("deliberation", "reason"): "core.AuditEvent.data",  # and Topic.decline_reason, FollowUp.note
    ("duties", "note"): "duties.DutyItem.progress_note",
    ("notices", "text"): "notices.NoticeRecipient.reply_text",
    ("orders", "reason"): "orders.OrderEvent.note",
    ("people", "id_number"): "people.Person.id_number_cipher",  # sealed, with digest and mask
    ("people", "phone"): "people.Person.phone_cipher",
    ("socialorgs", "notes"): "socialorgs.Incubation.mentor_notes",
    ("socialorgs", "reason"): "socialorgs.Application.screening_reason",
    ("socialorgs", "comment"): "socialorgs.ApplicationEvent.note",
}


def test_the_renamed_fields_land_on_registered_fields():
    targets = {entry.target for entry in processing.entries()}
    assert set(STORED_AS.values()) - targets == set()


def test_every_personal_field_the_api_takes_is_in_its_apps_register():
    registered = registered_names()
    unlisted = [
        (method.upper(), path, name)
        for path, method, name in personal_fields()
        if name not in registered[app_of(path)] and (app_of(path), name) not in STORED_AS
    ]
    assert unlisted == []


def _optional_cases():
    return [
        (path, method)
        for path, method, op in operations("post", "put", "patch")
        if set(request_body(op).get("properties", {})) - set(request_body(op).get("required", []))
    ]


@pytest.mark.parametrize(
    ("path", "method"), _optional_cases(), ids=[f"{m.upper()} {p}" for p, m in _optional_cases()]
)
def test_an_optional_field_left_out_is_never_asked_for(api_for, path, method):
    """Only the required fields, each given a value of the wrong kind: whatever the answer, no
    field the schema calls optional is named in it as missing."""
    op = next(o for p, m, o in operations(method) if p == path)
    body = request_body(op)
    optional = set(body.get("properties", {})) - set(body.get("required", []))
    sent = dict.fromkeys(body.get("required", []), [])
    response = getattr(api_for(path), method)(url_of(path), sent, format="json")
    assert response.status_code < 500
    fields = response.json().get("fields", {}) if response.status_code == 400 else {}
    asked = {name for name, errors in fields.items() if name in optional and _missing(errors)}
    assert asked == set(), fields


def _missing(errors) -> bool:
    text = " ".join(str(e) for e in (errors if isinstance(errors, list) else [errors]))
    return any(word in text for word in ("required", "必填", "不能为空", "该字段是必填项"))
