"""R-AC-4, field by field: the sensitive fields of the processing register reach only the roles its
activities name; every other role gets them absent, null, empty or masked.

Driven by the register (core.processing), not by a list of ours: every field an app's `pi.py`
classifies sensitive (`Model.*` expanded to the model's concrete fields) is followed into the API.
The persona of every role of the fuzz world (core/tests/fuzz.py, plus the rows it leaves empty:
`_add_sensitive_rows`) reads every GET route of drf-spectacular's schema — each list, and the
details of ids it lists — and asks the routes whose answer no GET gives (`WRITES`); meanwhile
`field_trace` ties every value a serializer writes to the model field it reads. Then:

- no serializer reads a ciphertext or digest (`*_cipher`, `*_digest`), whatever it is named;
- a role the field's activity does not name gets it masked (`is_masked`), unless the row is their
  own record (本人: their person, or rows of theirs as a party member, found through the
  register's own models);
- each register entry the API outputs reaches a role it names in clear somewhere (the test is not
  vacuous), and no field with a value reaches those roles only masked;
- per role, the sensitive fields its responses carry in clear are listed and must be among those
  the register gives it; every GET route answers some persona, so a new route cannot hide.

What it does not see: HTML pages and exports (people/tests/test_no_plain_pii.py sweeps those for
ID numbers and phones), and a value derived under another name (a model property, or a method
field that builds its own dicts).
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from rest_framework import serializers
from rest_framework.test import APIClient

from yipanqi.core import processing
from yipanqi.core.tests import fuzz
from yipanqi.core.tests.field_trace import Output, tracing
from yipanqi.core.tests.test_foreign_ids import NO_LIST
from yipanqi.organisations.choices import Role

SECRET = re.compile(r"_(cipher|digest)$")
EMPTY = (None, "", [], {})
NO_ROLE = "no_role"  # a persona without any grant
ROLES = [*Role.values, NO_ROLE]
PAGE = 20  # rows asked of each list (the API's default page)


def _visit(world) -> tuple[str, dict]:
    """Recording a visit answers it back (answers, note: health and needs of a household)."""
    from yipanqi.grid.models import Campaign, Target

    sweep = Campaign.objects.filter(area=world.district).earliest("pk")
    target = Target.objects.filter(campaign=sweep, grid=world.grids[0]).earliest("pk")
    ids = list(sweep.questions.order_by("position").values_list("pk", flat=True))
    answers = dict(zip(map(str, ids), ["no", "已完成", "2", "老人独居，患高血压"], strict=False))
    body = {"target_id": target.pk, "outcome": "visited", "answers": answers, "note": "需送药"}
    return f"/api/v1/grid/campaigns/{sweep.pk}/visits/", body


# Response shapes no GET answers with. Those holding rows of the register's models are asked
# here as every persona (each call rolled back); the others say why they hold none.
WRITES = {
    "VisitOutput": _visit,
    "PersonPageOutput": lambda world: ("/api/v1/people/persons/search/", {"q": ""}),
}
NO_REGISTER_ROWS = {
    "DelibRatingOutput": "a resolution's rating: its id, resolution and score",
    "PersonUnmaskOutput": "the purpose-bound unmask (R-PI-4), checked against the register in "
    "test_unmask_roles_are_among_the_registers",
    "SessionsEnded": "two counts",
    "SocialOrgIncubationOutput": "an organisation's stay in an incubator",
    "SocialOrgStaffOutput": "the account added to an organisation's staff",
    "TokenOutput": "a bearer token",
    "TokenThrottled": "an error",
}


# --- the register ------------------------------------------------------------------------------


def sensitive_fields() -> dict[tuple[str, str], processing.Activity]:
    """(model label, field name) → its activity, for every concrete field classified sensitive."""
    activities = {a.key: a for a in processing.activities()}
    found = {}
    for label in {e.target.rpartition(".")[0] for e in processing.entries()}:
        model = apps.get_model(label)
        for column in model._meta.concrete_fields:
            entry = processing.classification(model, column.name)
            if entry is not None and entry.pi_class == processing.SENSITIVE:
                found[(label, column.name)] = activities[entry.activity]
    return found


SENSITIVE = sensitive_fields()
SENSITIVE_MODELS = {label for label, _name in SENSITIVE}


def allowed(roles: set[str], key: tuple[str, str]) -> bool:
    return bool(roles & set(SENSITIVE[key].roles))


def is_masked(value: Any, clear: Any, name: str) -> bool:
    """Absent (not traced), null or empty; a masked column (`*_masked`); or text with the `*` of
    core.pii's masks that is not the stored value itself."""
    if value in EMPTY or name.endswith("_masked"):
        return True
    return isinstance(value, str) and "*" in value and value != clear


# --- whose record a row is ---------------------------------------------------------------------


def _owners(row: models.Model, depth: int = 3) -> set[int]:
    """The accounts whose own record the row is: a person's account, reached from the row through
    foreign keys into the register's sensitive models (a registration's member's person), or an
    account the row names as its `user` (an officer's appointment)."""
    if row._meta.label == "people.Person":
        return {row.user_id} if row.user_id else set()
    owners = set()
    for column in row._meta.concrete_fields:
        target = column.related_model if column.many_to_one or column.one_to_one else None
        if target is None or getattr(row, column.attname) is None:
            continue
        if target._meta.label == settings.AUTH_USER_MODEL and column.name == "user":
            owners.add(getattr(row, column.attname))
        elif depth and (
            target._meta.label == "people.Person" or target._meta.label in SENSITIVE_MODELS
        ):
            owners |= _owners(getattr(row, column.name), depth - 1)
    return owners


# --- the sweep ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """One value a persona was answered, and whether its row is the persona's own record."""

    role: str
    persona: str
    route: str
    out: Output
    own: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.out.label, self.out.model_field)

    @property
    def masked(self) -> bool:
        return is_masked(self.out.value, self.out.clear, self.out.model_field)

    def __str__(self) -> str:
        o = self.out
        return (
            f"{self.route} {o.serializer}.{o.field} ← {o.label}.{o.model_field} #{o.pk}: "
            f"{o.value!r} to {self.persona}"
        )


@dataclass
class Sweep:
    personas: dict[str, str]  # role → its persona
    seen: list[Seen] = field(default_factory=list)
    answered: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # detail routes not asked: their list showed the same rows in the same shape
    as_listed: set[str] = field(default_factory=set)

    @cached_property
    def sensitive(self) -> list[Seen]:
        """What was answered of the register's sensitive fields (read once the sweep is done)."""
        return [s for s in self.seen if s.key in SENSITIVE and not SECRET.search(s.key[1])]

    @cached_property
    def output(self) -> set[tuple[str, str]]:
        """The sensitive fields some response carries."""
        return {s.key for s in self.sensitive}


def _roles(world, name: str) -> list[str]:
    from yipanqi.organisations.models import RoleGrant

    grants = RoleGrant.objects.filter(user=world.personas[name])
    return sorted(grants.values_list("role", flat=True)) or [NO_ROLE]


def _personas(world) -> dict[str, str]:
    """The first persona (by name) of each role."""
    chosen: dict[str, str] = {}
    for name in sorted(world.personas):
        for role in _roles(world, name):
            chosen.setdefault(role, name)
    return chosen


def _ref(schema: dict) -> str | None:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[1]
    return _ref(schema.get("items", {})) if schema.get("type") == "array" else None


def _shape(operation: dict, components: dict) -> str | None:
    """The name of a JSON answer's row shape: the object's, or a page's or list's items'."""
    for status in ("200", "201"):
        content = operation.get("responses", {}).get(status, {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if schema is not None:
            name = _ref(schema)
            results = (components.get(name or "", {}).get("properties") or {}).get("results")
            return _ref(results) if results else name
    return None


def _ids(response) -> list[int]:
    if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
        return []
    body = response.json()
    rows = body.get("results", body) if isinstance(body, dict) else body
    return (
        [r["id"] for r in rows if isinstance(r, dict) and "id" in r]
        if isinstance(rows, list)
        else []
    )


def _fill(path: str, value: int) -> str:
    return re.sub(r"\{\w+\}", str(value), path)


def _extra_ids(world, collection: str) -> list[int]:
    """Ids of collections without a list (a branch's feedback, a venue series …): A1's, B1's."""
    if collection not in NO_LIST:
        return []
    return [pk for other in ("community_admin_a1", "community_admin_b1")
            for pk in NO_LIST[collection](world, other)[:1]]  # fmt: skip


class _Persona:
    """Asks as one persona, noting what it is answered."""

    def __init__(self, world, result: Sweep, role: str, name: str) -> None:
        self.result, self.role, self.name = result, role, name
        self.user_id = world.personas[name].pk
        self.client = APIClient()
        self.client.force_authenticate(world.personas[name])

    def get(self, route: str, url: str, data: dict | None = None):
        with tracing() as outs:
            response = self.client.get(url, data)
        self._note(route, response, outs)
        return response

    def post(self, route: str, url: str, body: dict):
        """In a savepoint rolled back: every persona writes on the same world."""
        with transaction.atomic(), tracing() as outs:
            response = self.client.post(url, body, format="json")
            self._note(route, response, outs)  # whose rows: asked before they are gone
            transaction.set_rollback(True)
        return response

    def _note(self, route: str, response, outs: list[Output]) -> None:
        self.result.answered[route].add(response.status_code)
        owners: dict[tuple[str, Any], set[int]] = {}
        for out in outs:
            row = (out.label, out.pk)
            if (out.label, out.model_field) in SENSITIVE and row not in owners:
                model = apps.get_model(out.label)
                owners[row] = _owners(model._default_manager.get(pk=out.pk))
            own = self.user_id in owners.get(row, set())
            self.result.seen.append(Seen(self.role, self.name, route, out, own))


class _Routes:
    """The GET routes of drf-spectacular's schema, and the ids to fill their details with."""

    def __init__(self, world) -> None:
        schema = fuzz.api_schema()
        components = schema["components"]["schemas"]
        gets = {p: ops["get"] for p, ops in schema["paths"].items() if "get" in ops}
        self.world = world
        self.shape = {p: _shape(op, components) for p, op in gets.items()}
        self.lists = [p for p in gets if "{" not in p]
        self.details = [p for p in gets if "{" in p]
        self.pool: dict[str, list[int]] = {}  # the first reader's ids of each list

    def read(self, persona: _Persona, only: set[str] | None = None) -> None:
        """Every list (or those of `only`), then each detail whose shape differs from its list's,
        for the first and last id the persona's list shows (else the first reader's first id,
        else A1's and B1's from the world)."""
        listed = {}
        for path in self.lists:
            if only is None or path in only or any(d.startswith(path) for d in only):
                listed[path] = _ids(persona.get(path, path, {"page_size": PAGE}))
                self.pool.setdefault(path, listed[path])
        for path in self.details if only is None else sorted(only & set(self.details)):
            collection = path.split("{", 1)[0]
            if listed.get(collection) and self.shape[path] == self.shape.get(collection):
                persona.result.as_listed.add(path)
                continue
            mine = listed.get(collection)
            ids = (
                [mine[0], mine[-1]]
                if mine
                else self.pool.get(collection, [])[:1] or _extra_ids(self.world, collection)
            )
            for pk in sorted(set(ids)):
                persona.get(path, _fill(path, pk))

    def unread(self, result: Sweep) -> set[str]:
        return {
            path
            for path, shape in self.shape.items()
            if shape and 200 not in result.answered[path] and path not in result.as_listed
        }


def sweep(world) -> Sweep:
    """The persona of each role reads every GET route and asks the write routes of `WRITES`;
    a route none of them could read is then read as the world's other personas (a reviewer's
    reviews), each as their own role."""
    result = Sweep(_personas(world))
    routes = _Routes(world)
    admin_first = sorted(result.personas.items(), key=lambda rn: rn[0] != "district_admin")
    for role, name in admin_first:
        persona = _Persona(world, result, role, name)
        routes.read(persona)
        for build in WRITES.values():
            url, body = build(world)
            persona.post("POST " + re.sub(r"/[0-9]+/", "/{id}/", url), url, body)
    others = sorted(set(world.personas) - set(result.personas.values()))
    for name in others:
        if not routes.unread(result):
            break
        persona = _Persona(world, result, _roles(world, name)[0], name)
        routes.read(persona, only=routes.unread(result))
    return result


def _add_sensitive_rows(world) -> None:
    """What the fuzz world leaves empty, through the apps' actions: a resident of A1 with notes
    on their health and a party member's profile; at every branch meeting one member present,
    one excused for an illness, then the minutes; a month's dues of each member with an account."""
    from yipanqi.core.actors import system
    from yipanqi.partylife import actions
    from yipanqi.partylife.models import Meeting
    from yipanqi.people.actions import person_create
    from yipanqi.people.models import PartyMember
    from yipanqi.people.tests.factories import make_id_number, make_phone

    test = system("test")
    person_create(
        area=world.grids[0], name="吴九", id_number=make_id_number(datetime.date(1950, 5, 4), 9),
        phone=make_phone(9), ethnicity="回族", political_status="party_member",
        notes="患糖尿病，需每周送药；女儿电话 13957000123", actor=test,
    )  # fmt: skip
    for meeting in Meeting.objects.all():
        members = PartyMember.objects.filter(branch=meeting.branch).order_by("pk")
        for member, status, reason in zip(
            members, ("present", "excused"), ("", "住院治疗"), strict=False
        ):
            actions.meeting_mark(
                meeting=meeting, member=member, status=status, reason=reason, actor=test
            )
        actions.meeting_update(meeting=meeting, place="党群服务中心三楼", actor=test)
        actions.meeting_record(
            meeting=meeting, minutes="学习党章；讨论困难党员帮扶", resolutions="走访慰问",
            host="支部书记", actor=test,
        )  # fmt: skip
    for member in PartyMember.objects.exclude(person__user=None):
        actions.dues_base_set(
            member=member, year=2021, category="income", base_yuan="6000", actor=test
        )
        actions.dues_pay(member=member, month=datetime.date(2021, 3, 1), actor=test)


@pytest.fixture(scope="module")
def contract(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = fuzz.build_world()
            _add_sensitive_rows(world)
            yield world, sweep(world)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- the tests ---------------------------------------------------------------------------------


def _project_serializers() -> list[type[serializers.Serializer]]:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module, and their serializers
    found, todo = [], [serializers.Serializer]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("yipanqi.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_no_serializer_reads_a_cipher_or_digest(contract, db):
    """Statically over every serializer of the project (inputs too: none names one), and over
    every value the sweep traced."""
    _world, swept = contract
    wrong = []
    for cls in _project_serializers():
        for name, column in cls().fields.items():
            if any(SECRET.search(part) for part in [name, *column.source.split(".")]):
                wrong.append(f"{cls.__module__}.{cls.__qualname__}.{name} ← {column.source}")
    wrong += [str(s) for s in swept.seen if SECRET.search(s.out.model_field)]
    assert not wrong, "\n".join(wrong)


def test_the_world_has_a_persona_of_every_role(contract, db):
    _world, swept = contract
    assert set(swept.personas) == set(ROLES), set(ROLES) ^ set(swept.personas)


def test_every_response_shape_is_swept(contract, db):
    """Every JSON GET route answered some persona 200 or was read through its list (a route
    nobody reads would hide its fields); every shape only writes answer with is asked
    (`WRITES`, answered 2xx to someone) or holds no row of the register's models."""
    _world, swept = contract
    schema = fuzz.api_schema()
    components = schema["components"]["schemas"]
    silent = [
        path
        for path, ops in schema["paths"].items()
        if "get" in ops
        and _shape(ops["get"], components)
        and 200 not in swept.answered[path]
        and path not in swept.as_listed
    ]
    assert not silent, silent
    declared = set(WRITES) | set(NO_REGISTER_ROWS)
    assert _write_only_shapes(schema) == declared, _write_only_shapes(schema) ^ declared
    writes = [r for r in swept.answered if r.startswith("POST ")]
    assert len(writes) == len(WRITES)
    assert all(swept.answered[r] & {200, 201} for r in writes), {
        r: swept.answered[r] for r in writes
    }


def _write_only_shapes(schema: dict) -> set[str]:
    """Response shapes (with the shapes they nest) of writes that no GET answers with."""
    components = schema["components"]["schemas"]

    def names(obj: Any, found: set[str]) -> set[str]:
        if isinstance(obj, dict):
            for key, value in obj.items():
                name = value.rsplit("/", 1)[1] if key == "$ref" else None
                if name and name not in found:
                    found.add(name)
                    names(components[name], found)
                elif not name:
                    names(value, found)
        elif isinstance(obj, list):
            for value in obj:
                names(value, found)
        return found

    read, written = set(), set()
    for ops in schema["paths"].values():
        for method, operation in ops.items():
            if method in ("get", "post", "put", "patch", "delete"):
                shapes = names(operation.get("responses", {}), set())
                (read if method == "get" else written).update(shapes)
    return written - read


@pytest.mark.parametrize("role", ROLES)
def test_a_role_the_register_does_not_name_gets_the_field_masked(contract, db, role):
    """Other people's rows only: a person reads their own record (本人)."""
    _world, swept = contract
    leaks = [
        str(s)
        for s in swept.sensitive
        if s.role == role and not allowed({role}, s.key) and not s.masked and not s.own
    ]
    assert not leaks, "\n".join(leaks)


def test_each_sensitive_field_in_the_api_is_clear_to_a_role_the_register_names(contract, db):
    """Not vacuous: every entry of the register the API outputs (a field, or a model's `*`)
    reaches a persona of a role its activity names in clear, on another person's row; and no
    field with a value in the world reaches those roles only masked."""
    _world, swept = contract
    valued, clear = set(), set()
    for s in swept.sensitive:
        if s.out.value in EMPTY:
            continue
        valued.add(s.key)
        if allowed({s.role}, s.key) and not s.own and (s.out.value == s.out.clear or not s.masked):
            clear.add(s.key)
    entries = {_entry(key) for key, _a in SENSITIVE.items() if key in swept.output}
    assert entries <= {_entry(key) for key in clear}, entries - {_entry(key) for key in clear}
    assert valued <= clear, sorted(valued - clear)


def _entry(key: tuple[str, str]) -> str:
    model = apps.get_model(key[0])
    entry = processing.classification(model, key[1])
    return entry.target if entry else ""


def test_what_each_role_reads_in_clear_is_what_the_register_gives_it(contract, db):
    """The contract per role: the sensitive fields its responses carry in clear (others' rows),
    each with its routes, against the fields whose activity names the role. A serializer that
    shows a field to a role the register does not name fails here, with the whole table."""
    _world, swept = contract
    reads: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in swept.sensitive:
        if not s.masked and not s.own:
            reads[s.role][".".join(s.key)].add(s.route)
    table = [
        f"{role}: {name} ← {', '.join(sorted(routes))}"
        for role, fields in sorted(reads.items())
        for name, routes in sorted(fields.items())
    ]
    beyond = [line for line in table if not allowed({line.split(":")[0]}, _key(line))]
    assert not beyond, "\n".join([*beyond, "", "what each role reads in clear:", *table])


def _key(line: str) -> tuple[str, str]:
    label, _dot, name = line.split(": ", 1)[1].split(" ← ")[0].rpartition(".")
    return (label, name)


def test_unmask_roles_are_among_the_registers(db):
    """The one answer that is a clear sealed value by design (POST …/unmask/) goes to the roles
    of the field policy only; those must be roles the register names for the sealed field."""
    from yipanqi.people.models import UNMASK_POLICY

    for name, roles in UNMASK_POLICY.items():
        key = ("people.Person", f"{name}_cipher")
        if key in SENSITIVE:
            assert roles <= set(SENSITIVE[key].roles), (name, roles - set(SENSITIVE[key].roles))
