"""R-AC-2 for the pages: every GET page of the URLconf without a path parameter that shows rows is
declared here with the test that checks whose rows it shows, or classified (own rows, the same for
everyone, not a list) with the test that proves it; as test_scope_matrix_coverage does for the API
lists. A page that starts listing rows fails the first test until it is declared; a page that goes
away fails the second until its entry does.

The rule that finds the list pages (not a list written by hand): in the factory world of the API
fuzzing (`fuzz.build_world`: every app's rows in A1 and in B1, plus a few rows more below), each
parameterless page is opened as one persona per distinct set of roles, the district
administrator first, until one of them sees a list. A page lists rows when, rendered for someone,

- its context holds a `Page` (the one `includes/_pagination.html`), a QuerySet, or a sequence of
  model instances, dicts or objects of a class of ours (not choices: tuples of strings); or
- its HTML holds a table with body rows, or links to a detail route (a page route with an id).

The context processors' values (the menu, the languages) and the form widgets' are not the page's.
A page that answers no persona 200 HTML (a POST-only route, a redirect) is no GET page.

Then each declared page is checked by its test: an app's scope matrix (every persona against an
oracle), or here (`test_the_page_shows_the_rows_of_its_list`): as personas of different scope, the
rows the page shows are the rows of the API list that the app's matrix checks against its oracle
(or, where there is none, an oracle read from the tables), all of them or, for a page that shows a
part (open requests only, the latest), no more.

The same world serves R-AC-3 for the routes with an id that test_foreign_ids cannot try: the
files, import jobs and data requests its world lacks, and the second id of a route with two (its
sweep puts the other's id in the first only).

And the exports (CSV/XLSX downloads), found by another rule, from the views' source: a route whose
view, or a function of ours it calls, answers `Content-Disposition: attachment`. Each is declared
with its test: one of a list's rows with an app's `test_export_scope.py` (as personas of different
scope, the exported rows are the page's, and another community's export answers 404), a stored
file with the foreign-id sweeps, a report document with the reports matrix.
"""

import ast
import functools
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, is_dataclass
from typing import Any

import pytest
from django.core.paginator import Page
from django.db import models, transaction
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import ContextList
from django.urls import Resolver404, resolve
from rest_framework.test import APIClient

from yipanqi.core.tests import fuzz
from yipanqi.core.tests import test_foreign_ids as sweep
from yipanqi.core.tests.routes import routes
from yipanqi.core.tests.test_scope_matrix_coverage import (
    MATRIX,
    OWN,
    ROOT,
    SAME,
    requests,
    strings_of,
)

THIS = "yipanqi/core/tests/test_page_scope_coverage.py"
AS_API = "the API list's rows"  # here: per persona, the page's rows are those of the API list
NOT_A_LIST = "not a list"  # a form, a page of one's settings: the rule finds no rows on it
GAP = "gap"  # lists rows scoped per area that no test compares yet: a check is owed
LISTS = {MATRIX, AS_API, OWN, SAME, GAP}
MATRIX_OF = "yipanqi/{}/tests/test_scope_matrix.py"


# --- the world ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The API fuzzing's world, and rows it lacks for some pages to show anything, in A1 and in
    B1: a branch secretary and a dues payment (compliance, remittance), a resident's data request,
    an import job, an API token, a grant awaiting approval; every centre graded (ranking); a
    sign-in lock (lockouts)."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("m")):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            district = fuzz.build_world()
            _more_rows(district)
            _files(district)
            yield district
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _more_rows(district) -> None:
    import datetime

    from axes.models import AccessAttempt
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yipanqi.accounts.actions import token_issue, user_create
    from yipanqi.centres.models import ServiceCentre
    from yipanqi.core.actors import system
    from yipanqi.organisations.actions import role_grant_create
    from yipanqi.organisations.tests.factories import PASSWORD
    from yipanqi.partylife import actions as partylife
    from yipanqi.people.imports import templates
    from yipanqi.people.imports.jobs import import_upload
    from yipanqi.people.models import PartyMember
    from yipanqi.privacy import actions as privacy

    test = system("test")
    for name in ("party_member_a1b", "party_member_b1"):
        user = district.personas[name]
        member = PartyMember.objects.get(person__user=user)
        partylife.officer_appoint(branch=member.branch, user=user, duty="secretary", actor=test)
        partylife.dues_base_set(member=member, year=2021, category="income", base_yuan="4000",
                                actor=test)  # fmt: skip
        partylife.dues_pay(member=member, month=datetime.date(2021, 1, 1),
                           paid_on=datetime.date(2021, 1, 20), actor=test)  # fmt: skip
    for name in ("resident_a1", "resident_b1"):
        privacy.request_submit(kind="copy", details="", actor=district.personas[name])
    for index, name in ((0, "community_admin_a1"), (2, "community_admin_b1")):
        upload = SimpleUploadedFile("居民.csv", templates.template_csv(), content_type="text/csv")
        import_upload(community=district.communities[index], file=upload,
                      actor=district.personas[name], enqueue=False)  # fmt: skip
        token_issue(user=district.personas[name], name="phone")
        asker = district.personas["system_admin"]
        applicant = user_create(username=f"applicant_{index}", password=PASSWORD, actor=None,
                                validate=False)  # fmt: skip
        role_grant_create(user=applicant, role="community_admin",
                          area=district.communities[index], actor=asker)  # fmt: skip
    # a published grade is the outcome of a whole round; the ranking reads only these two fields
    ServiceCentre.objects.update(grade="4A", score=80)
    # a sign-in lock in force (what the failed sign-ins leave): the security administrator's list
    AccessAttempt.objects.create(username="community_admin_b1", ip_address="10.0.0.9",
                                 user_agent="test", failures_since_start=settings.AXES_FAILURE_LIMIT,
                                 get_data="", post_data="", http_accept="", path_info="/")  # fmt: skip


# --- the rule: which pages list rows --------------------------------------------------------------

HREF = re.compile(r'href="(/[^"?#]*)')
TABLE_ROW = re.compile(r"<tbody[^>]*>\s*<tr", re.S)


@dataclass
class Seen:
    """What the walk saw of one page: whether someone got it as HTML, and who saw rows on it."""

    page: bool = False
    by: str = ""
    rows: str = ""  # what made it a list


def parameterless_pages() -> list[str]:
    """The page routes of the URLconf that take nothing in their path."""
    pages = []
    for route in routes(skip=("/api/",)):
        try:
            match = resolve(route.path())
        except Resolver404:
            continue
        if not match.kwargs:
            pages.append(route.template)
    return pages


def representatives(world) -> list[str]:
    """One persona per distinct set of roles held (the district administrator first)."""
    from yipanqi.organisations.models import RoleGrant

    held: dict[int, set[str]] = {}
    for user_id, role in RoleGrant.objects.values_list("user_id", "role"):
        held.setdefault(user_id, set()).add(role)
    chosen: dict[frozenset, str] = {}
    for name in ["district_admin", *sorted(world.personas)]:
        chosen.setdefault(frozenset(held.get(world.personas[name].pk, ())), name)
    return list(chosen.values())


@functools.cache
def ambient_keys() -> frozenset[str]:
    """The context every page has: what the context processors add (the menu, the languages)."""
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory
    from django.utils.module_loading import import_string

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    keys = {"csrf_token", "request", "user", "perms", "messages", "view"}
    for path in settings.TEMPLATES[0]["OPTIONS"].get("context_processors", []):
        try:
            keys |= set(import_string(path)(request))
        except Exception:  # a processor that needs a signed-in user: its keys come from below
            continue
    return frozenset(keys)


def _ours(value: Any) -> bool:
    return type(value).__module__.startswith("yipanqi.")


def _row_like(value: Any) -> bool:
    if isinstance(value, models.Model | dict) or is_dataclass(value) or _ours(value):
        return True
    return isinstance(value, tuple) and any(isinstance(v, models.Model) for v in value)


def context_rows(response) -> str:
    """The first context value that holds rows, named, or ''."""
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    skip = ambient_keys()
    for template, context in zip(response.templates, contexts, strict=False):
        if context is None or template.name.startswith("django/forms/"):
            continue  # a form widget's own context
        for key, value in context.flatten().items():
            if key in skip or key.startswith("_") or isinstance(value, str | bytes):
                continue
            if isinstance(value, Page | QuerySet):
                return f"{key}: {type(value).__name__}"
            if isinstance(value, list | tuple) and value and _row_like(value[0]):
                return f"{key}: [{type(value[0]).__name__}]"
    return ""


def detail_links(html: str) -> set[tuple[str, int]]:
    """(route name, id) of every link to a page route that takes an id."""
    found = set()
    for href in set(HREF.findall(html)):
        if href.startswith("/api/"):
            continue
        try:
            match = resolve(href)
        except Resolver404:
            continue
        ids = [v for v in match.kwargs.values() if isinstance(v, int)]
        if ids:
            found.add((match.view_name, ids[0]))
    return found


def html_rows(html: str) -> str:
    if TABLE_ROW.search(html):
        return "a table with rows"
    links = detail_links(html)
    return f"links to {sorted({n for n, _i in links})[0]}" if links else ""


_WALKS: dict[int, dict[str, Seen]] = {}


def walk(world) -> dict[str, Seen]:
    """Every parameterless page, opened as each representative until one sees rows."""
    if id(world) in _WALKS:
        return _WALKS[id(world)]
    clients = {}
    for name in representatives(world):
        clients[name] = Client()
        clients[name].force_login(world.personas[name])
    seen: dict[str, Seen] = {}
    for route in parameterless_pages():
        seen[route] = found = Seen()
        for name, client in clients.items():
            response = client.get(route)
            if response.status_code == 405:
                break  # the same for everyone: a POST-only route
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            found.page = True
            found.rows = context_rows(response) or html_rows(response.content.decode())
            if found.rows:
                found.by = name
                break
    _WALKS[id(world)] = seen
    return seen


def _png(name: str = "p.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yipanqi.core.testing import tiny_png

    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def _files(district) -> None:
    """A stored file of each kind the pages serve, in A1 and in B1 (test_foreign_ids' world has
    none): an order's, an incident's, a hall meeting's, a branch meeting's, a venue's and a work
    log's photo; a centre's and a duty's evidence; a notice's attachment."""
    import datetime

    from django.apps import apps
    from django.utils import timezone

    from yipanqi.centres.actions import evidence_attach
    from yipanqi.core.actors import system
    from yipanqi.deliberation.actions.photos import meeting_photo_add as hall_photo_add
    from yipanqi.duties.actions.lists import duty_item_progress
    from yipanqi.grid.actions.incidents import incident_photo_attach
    from yipanqi.notices import actions as notices
    from yipanqi.officers.actions import worklog_record
    from yipanqi.orders.actions.photos import photo_attach
    from yipanqi.partylife.actions.meetings import meeting_photo_add as branch_photo_add
    from yipanqi.venues.actions.venues import venue_photo_add

    test = system("test")

    def first(label: str, path: str, **more):
        rows = apps.get_model(label).objects.filter(**{f"{field}__startswith": path}, **more)
        return rows.order_by("pk").first()

    for index, admin in ((0, "community_admin_a1"), (2, "community_admin_b1")):
        community, field = district.communities[index], "scope_path"
        path = community.path
        order = first("orders.ServiceOrder", path, placed_by__isnull=False)
        photo_attach(order=order, upload=_png(), stage="placed", actor=order.placed_by)
        incident = first("grid.Incident", path)
        incident_photo_attach(incident=incident, upload=_png(), actor=incident.reported_by)
        hall_photo_add(meeting=first("deliberation.Meeting", path), upload=_png(),
                       actor=district.personas[admin])  # fmt: skip
        branch_photo_add(meeting=first("partylife.Meeting", path), upload=_png(), actor=test)
        venue_photo_add(venue=first("venues.Venue", path), upload=_png(), actor=test)
        assignment = first("officers.Assignment", path, status="active")
        worklog_record(assignment=assignment, kind="visit", summary="走访",
                       occurred_on=max(assignment.starts_on, timezone.localdate()
                                       - datetime.timedelta(days=1)),
                       photos=[_png()], actor=assignment.officer)  # fmt: skip
        assessment = first("centres.CentreAssessment", path)
        indicator = (
            apps.get_model("centres.Indicator")
            .objects.filter(dimension__scheme=assessment.round.scheme)
            .first()
        )
        evidence_attach(assessment=assessment, indicator=indicator, upload=_png(), actor=test)
        item = first("duties.DutyItem", path)
        duty_item_progress(item=item, progress="in_progress", upload=_png(),
                           actor=district.personas[admin])  # fmt: skip
        notice = notices.notice_create(
            area=community, audience={"kind": "area", "ids": [community.pk]}, title="附件通知",
            body="请知悉。", kind="information",
            deadline=timezone.now() + datetime.timedelta(days=3), actor=test,
        )  # fmt: skip
        notices.attachment_add(notice=notice, upload=_png("a.png"), actor=test)
        notices.notice_send(notice=notice, actor=test)


# --- how each page's rows are read, and what they must be --------------------------------------

SCOPES = ("district_admin", "town_admin_a", "community_admin_a1", "community_admin_b1")


def _value(row: Any, attr: str) -> Any:
    for part in attr.split("."):
        row = row[part] if isinstance(row, dict) else getattr(row, part)
    return row


def objects(*keys: str, attr: str = "pk") -> Callable[[Any], set]:
    """The rows the view handed its template under these keys (a page of them, or all)."""

    def read(response) -> set:
        found = set()
        for key in keys:
            rows = response.context.get(key) or []
            rows = rows.object_list if isinstance(rows, Page) else rows
            found |= {_value(row, attr) for row in rows}
        return found

    return read


def links(view: str) -> Callable[[Any], set]:
    """The ids of the page's links to one detail route."""

    def read(response) -> set:
        return {pk for name, pk in detail_links(response.content.decode()) if name == view}

    return read


_API_CLIENTS: dict[int, APIClient] = {}


def api_list(url: str, key: Any = "id", rows_at: str = "") -> Callable[[Any, str], set | None]:
    """Every row of an API list the persona gets (all its pages; `rows_at`: the list inside one
    answer), read by `key` (a field, or a function of the row); None if it refuses them."""
    read_key = key if callable(key) else (lambda row: row[key])

    def read(world, persona: str) -> set | None:
        user = world.personas[persona]
        client = _API_CLIENTS.setdefault(user.pk, APIClient())
        client.force_authenticate(user)
        found, next_url = set(), url
        while next_url:
            response = client.get(next_url, {"page_size": 100} if next_url == url else None)
            if response.status_code in (403, 404):
                return None
            assert response.status_code == 200, (url, response.status_code)
            body = response.json()
            rows = body[rows_at] if rows_at else body["results"] if isinstance(body, dict) else body
            found |= {read_key(row) for row in rows}
            next_url = body.get("next") if isinstance(body, dict) and not rows_at else None
        return found

    return read


def table(read: Callable[[Any, Any], Any]) -> Callable[[Any, str], set]:
    """An oracle read from the tables for the persona's user (their own rows, or their area's)."""
    return lambda world, persona: set(read(world, world.personas[persona]))


def under(world, user) -> list[str]:
    """The paths of the areas of the user's administrator grant (none for anyone else)."""
    from yipanqi.organisations.choices import ADMIN_ROLES, GrantStatus
    from yipanqi.organisations.models import RoleGrant

    grants = RoleGrant.objects.filter(user=user, role__in=ADMIN_ROLES, status=GrantStatus.ACTIVE)
    grants = grants.select_related("area")
    return [g.area.path for g in grants]


def _scoped(model: type[models.Model], path: str = "scope_path", **more) -> Callable:
    def read(world, user) -> list:
        roots = under(world, user)
        rows = model._base_manager.filter(**more)
        return [r.pk for r in rows if any(_value(r, path).startswith(p) for p in roots)]

    return read


@dataclass(frozen=True)
class Rows:
    """One list on a page: how to read its rows, what they must be."""

    shown: Callable[[Any], set]
    expected: Callable[[Any, str], set | None]
    part: bool = False  # the page shows part of the list (the open ones, the latest): no more
    varies: bool = True  # personas of different scope see different rows (not a district's own)
    query: str = ""
    personas: tuple[str, ...] = SCOPES


def _own(model: str, field: str, ret: str = "pk") -> Callable:
    def read(world, user) -> list:
        rows = _app_model(model)._base_manager.filter(**{field: user})
        return list(rows.values_list(ret, flat=True))

    return read


def _figures(row: Any) -> tuple:
    """A row of figures, as a comparable tuple of its label and counts."""
    fields_ = ("label", "assigned", "visited", "overdue", "issues", "solved")
    return tuple(row[f] for f in fields_)


def _app_model(label: str):
    from django.apps import apps

    return apps.get_model(label)


API = "/api/v1/"
OWNERS = ("district_admin", "community_admin_a1", "community_admin_b1", "resident_a1",
          "resident_b1", "party_member_a1b", "party_member_b1", "liaison_a1", "liaison_b1")  # fmt: skip
COMPARE: dict[str, tuple[Rows, ...]] = {
    "/accounts/me/": (Rows(objects("tokens"), api_list(f"{API}auth/tokens/"), personas=OWNERS),),
    "/audit/access-log/": (
        Rows(objects("page_obj", attr="id"), api_list(f"{API}audit/access-log/"),
             personas=("audit_admin", "auditor_a", "district_admin", "community_admin_a1")),
    ),
    "/centres/ranking/": (Rows(objects("page_obj"), api_list(f"{API}centres/"), part=True),),
    "/centres/rounds/": (Rows(objects("rounds"), api_list(f"{API}centres/rounds/"), varies=False),),
    "/centres/scheme/": (
        Rows(objects("editions"), api_list(f"{API}centres/schemes/"), varies=False),
    ),
    "/cobuilding/": (
        Rows(objects("claims"), api_list(f"{API}cobuilding/claims/"), part=True),
        Rows(objects("resources"), api_list(f"{API}cobuilding/resources/"), part=True),
        Rows(objects("needs"), api_list(f"{API}cobuilding/needs/"), part=True),
    ),
    "/cobuilding/evaluations/": (  # units registered with one's communities; the evaluations
        Rows(lambda r: {row.community_id for row, _e in r.context["rows"]},
             api_list(f"{API}areas/"), part=True, query="?year=2021"),
        Rows(lambda r: {e.pk for _r, e in r.context["rows"] if e} | objects("received")(r),
             api_list(f"{API}cobuilding/evaluations/"), part=True, query="?year=2021"),
    ),
    "/cobuilding/problems/": (
        Rows(links("cobuilding:problem_detail"), api_list(f"{API}cobuilding/problems/")),
    ),
    "/cobuilding/projects/": (
        Rows(links("cobuilding:project_detail"), api_list(f"{API}cobuilding/projects/")),
    ),
    "/cobuilding/teams/": (
        Rows(links("cobuilding:team_detail"), api_list(f"{API}cobuilding/teams/")),
    ),
    "/deliberation/": (Rows(objects("bodies"), api_list(f"{API}deliberation/bodies/")),),
    "/deliberation/topics/new/": (
        Rows(objects("mine"), table(_own("deliberation.Topic", "raised_by")),
             personas=("resident_a1", "community_admin_b1", "district_admin")),
    ),
    "/duties/": (Rows(objects("page_obj"), api_list(f"{API}duties/lists/")),),
    "/duties/admitted/": (Rows(objects("page_obj"), api_list(f"{API}duties/admitted/")),),
    "/duties/burden/": (
        Rows(objects("meters", attr="area_id"), api_list(f"{API}duties/burden/", key="area_id")),
    ),
    "/duties/refusals/": (Rows(objects("page_obj"), api_list(f"{API}duties/refusals/")),),
    "/duties/requests/": (Rows(objects("page_obj"), api_list(f"{API}duties/requests/")),),
    "/funding/duty-money/": (
        Rows(objects("page_obj"), api_list(f"{API}funding/duty-money/")),
        Rows(objects("requests"), api_list(f"{API}duties/requests/"), part=True),
    ),
    "/funding/projects/": (Rows(objects("page_obj"), api_list(f"{API}funding/projects/")),),
    "/funding/runs/": (
        Rows(objects("page_obj"), api_list(f"{API}funding/runs/"), varies=False),
        Rows(objects("rules"), api_list(f"{API}funding/rules/"), varies=False),
    ),
    "/grid/": (Rows(objects("page_obj"), api_list(f"{API}grid/campaigns/")),),
    "/grid/coverage/": (
        Rows(objects("campaigns"), api_list(f"{API}grid/campaigns/"), part=True),
    ),
    "/grid/coverage/figures/": (
        Rows(objects("campaigns"), api_list(f"{API}grid/campaigns/"), part=True),
    ),
    "/grid/incidents/": (Rows(objects("page_obj"), api_list(f"{API}grid/incidents/")),),
    "/inbox/": (
        Rows(objects("page_obj"), table(_own("core.Notification", "user")), personas=OWNERS),
    ),
    "/notices/": (Rows(objects("page_obj"), api_list(f"{API}notices/inbox/"), personas=OWNERS),),
    "/notices/sent/": (Rows(objects("page_obj"), api_list(f"{API}notices/")),),
    "/officers/": (
        Rows(objects("assignments"), api_list(f"{API}officers/"), part=True,
             personas=(*SCOPES, "officer_a", "officer_b")),  # an officer's own assignments
    ),
    "/officers/board/": (  # the figures by role: those the API counts for the persona
        Rows(lambda r: {_figures(vars(row)) for row in r.context["rows"]}, api_list(f"{API}officers/board/", _figures,
                                                         rows_at="by_role")),  # fmt: skip
    ),
    "/officers/roles/": (
        Rows(objects("roles"), api_list(f"{API}officers/roles/"), varies=False),
    ),
    "/orders/overview/": (  # the orders counted: those of the persona's area
        Rows(lambda r: {r.context["overview"].totals["total"]},
             table(lambda w, u: [len(_scoped(_app_model("orders.ServiceOrder"))(w, u))])),
    ),
    "/org/my-grid-worker/": (  # a resident's own grid
        Rows(lambda r: {g["grid"].pk for g in r.context["grids"] if not g["nearby"]},
             table(_own("people.Person", "user", ret="area_id")),
             personas=("resident_a1", "resident_b1", "district_admin")),
    ),
    "/org/grants/pending/": (
        Rows(objects("page_obj"), api_list(f"{API}role-grants/pending/"),
             personas=(*SCOPES, "security_admin", "system_admin")),
    ),
    "/partylife/": (
        Rows(objects("transfers"), api_list(f"{API}partylife/transfers/"), part=True),
        Rows(objects("recent"), api_list(f"{API}partylife/meetings/"), part=True),
    ),
    "/partylife/compliance/": (
        Rows(objects("page_obj", attr="branch.pk"), api_list(f"{API}partylife/compliance/", "branch"),
             query="?year=2021"),
    ),
    "/partylife/me/": (
        Rows(objects("transfers"), table(_own("partylife.Transfer", "member__person__user")),
             personas=OWNERS),
    ),
    "/partylife/transfers/": (Rows(objects("page_obj"), api_list(f"{API}partylife/transfers/")),),
    "/people/import/": (
        Rows(objects("jobs"), table(_scoped(_app_model("people.ImportJob")))),
    ),
    "/privacy/me/": (
        Rows(objects("requests"), table(_own("privacy.DataRequest", "requester")),
             personas=OWNERS),
    ),
    "/privacy/requests/": (
        Rows(objects("page_obj"), table(_scoped(_app_model("privacy.DataRequest"),
                                                status="open"))),  # fmt: skip
    ),
    "/reports/": (Rows(objects("page"), api_list(f"{API}reports/")),),
    "/socialorgs/tranches/": (
        Rows(links("socialorgs:application_detail"), api_list(f"{API}socialorgs/applications/"),
             part=True),
    ),
    "/venues/": (Rows(links("venues:venue_detail"), api_list(f"{API}venues/"), part=True),),
    "/venues/desk/": (Rows(objects("requests"), api_list(f"{API}venues/bookings/"), part=True),),
    "/venues/mine/": (  # the bookings made for whom the persona books
        Rows(objects("upcoming", "page_obj"), api_list(f"{API}venues/bookings/"), part=True,
             personas=OWNERS),
    ),
    "/workforce/pay/": (Rows(objects("page_obj"), api_list(f"{API}workforce/runs/")),),
    "/workforce/pay/tables/": (
        Rows(objects("tables"), api_list(f"{API}workforce/tables/"), varies=False),
    ),
    "/workforce/training/": (
        Rows(links("workforce:course_detail"), api_list(f"{API}workforce/courses/"),
             query="?year=2021"),
    ),
}  # fmt: skip


def _compared(world, route: str, spec: Rows) -> tuple[dict[str, set], list[str]]:
    """Each persona's rows on the page, and what differs from what they must be."""
    shown: dict[str, set] = {}
    wrong = []
    for persona in spec.personas:
        client = Client()
        client.force_login(world.personas[persona])
        response = client.get(route + spec.query)
        if response.status_code != 200:
            continue  # the page is not theirs: it shows them nothing
        rows = shown[persona] = spec.shown(response)
        page, number = response.context.get("page_obj") or response.context.get("page"), 1
        while isinstance(page, Page) and page.has_next():  # every page of the list
            number += 1
            separator = "&" if spec.query else "?"
            response = client.get(f"{route}{spec.query}{separator}page={number}")
            rows |= spec.shown(response)
            page = response.context.get("page_obj") or response.context.get("page")
        expected = spec.expected(world, persona) or set()
        if rows != expected and not (spec.part and rows <= expected):
            wrong.append(f"{route} as {persona}: more {rows - expected}, fewer {expected - rows}")
    return shown, wrong


@pytest.mark.parametrize("route", sorted(COMPARE))
def test_the_page_shows_the_rows_of_its_list(world, db, route):
    seen = False
    for spec in COMPARE[route]:
        shown, wrong = _compared(world, route, spec)
        assert not wrong, "\n".join(wrong)
        seen = seen or any(shown.values())
        if spec.varies and any(shown.values()):
            assert len({frozenset(rows) for rows in shown.values()}) > 1, (route, shown)
    assert seen, (route, "no persona sees a row: the check proves nothing")


# --- the declarations ---------------------------------------------------------------------------

MATRIX_AT = {app: (MATRIX, MATRIX_OF.format(app)) for app in (
    "centres", "cobuilding", "deliberation", "funding", "officers", "orders", "organisations",
    "partylife", "people", "socialorgs", "venues", "workforce")}  # fmt: skip
HERE = {kind: (kind, THIS) for kind in (AS_API, OWN, SAME, NOT_A_LIST)}
PAGES = {
    # an app's scope matrix compares the page's rows with its oracle, persona by persona
    "/audit/": MATRIX_AT["organisations"],
    "/centres/": MATRIX_AT["centres"],
    "/cobuilding/": MATRIX_AT["cobuilding"],  # the needs; here: claims, resources
    "/deliberation/followups/": MATRIX_AT["deliberation"],
    "/deliberation/notices/": MATRIX_AT["deliberation"],
    "/funding/": MATRIX_AT["funding"],
    "/officers/assignments/": MATRIX_AT["officers"],
    **{f"/orders/{k}": MATRIX_AT["orders"] for k in ("", "board/", "claim/", "mine/")},
    **{f"/org/{k}": MATRIX_AT["organisations"] for k in ("", "grants/", "units/")},
    "/partylife/remittance/": MATRIX_AT["partylife"],  # A1's administrator: A1's branches only
    **{f"/people/{k}": MATRIX_AT["people"] for k in ("", "members/", "registrations/")},
    **{f"/socialorgs/{k}": MATRIX_AT["socialorgs"] for k in ("", "board/", "reviews/", "rounds/")},
    "/venues/credit/": MATRIX_AT["venues"],  # the lender's and the borrower's administrators
    "/workforce/": MATRIX_AT["workforce"],
    # here: the rows of the API list its app's matrix checks (or of an oracle of the tables)
    **dict.fromkeys((
        "/audit/access-log/", "/centres/ranking/", "/cobuilding/evaluations/",
        "/cobuilding/problems/", "/cobuilding/projects/", "/cobuilding/teams/", "/deliberation/",
        "/duties/", "/duties/admitted/", "/duties/burden/", "/duties/refusals/",
        "/duties/requests/", "/funding/duty-money/", "/funding/projects/", "/grid/",
        "/grid/coverage/", "/grid/coverage/figures/", "/grid/incidents/", "/notices/sent/",
        "/officers/", "/officers/board/", "/orders/overview/", "/org/grants/pending/",
        "/partylife/", "/partylife/compliance/", "/partylife/transfers/", "/people/import/",
        "/privacy/requests/", "/reports/", "/socialorgs/tranches/", "/venues/", "/venues/desk/",
        "/workforce/pay/", "/workforce/training/",
    ), HERE[AS_API]),
    # the caller's own rows
    "/": (OWN, "yipanqi/core/tests/test_home.py"),  # one's grants; the work counts per persona
    "/partylife/me/statement/": (OWN, "yipanqi/partylife/tests/test_views.py"),
    **dict.fromkeys((
        "/accounts/me/", "/deliberation/topics/new/", "/inbox/", "/notices/",
        "/org/my-grid-worker/", "/partylife/me/", "/privacy/me/", "/venues/mine/",
    ), HERE[OWN]),
    # the district's own (its rounds, rating scheme, funding run and rules, officer roles, pay
    # tables): the same for everyone of the district who may read them
    **dict.fromkeys((
        "/centres/rounds/", "/centres/scheme/", "/funding/runs/", "/officers/roles/",
        "/workforce/pay/tables/",
    ), HERE[SAME]),
    "/audit/processing/": (SAME, "yipanqi/core/tests/test_processing_register.py"),
    "/accounts/lockouts/": (SAME, "yipanqi/accounts/tests/test_lockout_admin.py"),
    # no rows: forms, settings, a search box (notices' people picker: its answers are checked by
    # the notices matrix, test_drafts_files_and_people_in_scope)
    **dict.fromkeys((
        "/accounts/2fa/reset/", "/accounts/2fa/setup/", "/cobuilding/problems/escalate/",
        "/cobuilding/resources/new/", "/cobuilding/teams/new/", "/duties/requests/new/",
        "/funding/projects/new/", "/funding/runs/rules/", "/grid/campaigns/new/",
        "/grid/incidents/new/", "/notices/new/", "/notices/people/", "/officers/assignments/new/",
        "/orders/new/", "/org/units/new/", "/partylife/me/pay/", "/partylife/me/transfer/",
        "/socialorgs/engagements/purchase/", "/socialorgs/needs/new/", "/socialorgs/offers/new/",
        "/socialorgs/orgs/new/", "/socialorgs/rounds/new/", "/venues/new/", "/workforce/appoint/",
        "/workforce/pay/tables/new/", "/workforce/training/new/",
    ), HERE[NOT_A_LIST]),
}  # fmt: skip


def test_every_page_with_rows_is_declared(world, db):
    undeclared = sorted(
        f"{route} ({seen.rows}, as {seen.by})" if seen.rows else route
        for route, seen in walk(world).items()
        if seen.page and (route not in PAGES or (seen.rows and PAGES[route][0] == NOT_A_LIST))
    )
    assert not undeclared, f"pages to declare (and check whose rows they show): {undeclared}"


def test_no_declared_page_is_gone():
    assert not sorted(set(PAGES) - set(parameterless_pages()))


def test_every_page_declared_a_list_shows_rows(world, db):
    """A declaration outlives its list no more than its route: such a page is classified again."""
    seen = walk(world)
    stale = sorted(
        r for r, (kind, _t) in PAGES.items() if kind in LISTS and not seen.get(r, Seen()).rows
    )
    assert not stale, stale


def test_the_rule_tells_lists_from_the_rest(world, db):
    """Not a vacuous pass: the walk opens pages, and tells a list, a form and a POST-only route."""
    seen = walk(world)
    assert seen["/orders/"].rows and seen["/orders/"].by == "district_admin"
    assert seen["/orders/claim/"].rows and seen["/orders/claim/"].by != "district_admin"
    assert seen["/orders/new/"].page and not seen["/orders/new/"].rows
    assert not seen["/accounts/logout/"].page  # POST only
    assert sum(1 for s in seen.values() if s.rows) > 60


def requested(relative: str, route: str) -> bool:
    """The module requests the route: its URL (test_scope_matrix_coverage's reader), or its
    `reverse()` name."""
    if requests(relative, route):
        return True
    match = resolve(route)
    return any(s == match.view_name for s in strings_of(relative))


@pytest.mark.parametrize("route", sorted(r for r, (_k, test) in PAGES.items() if test != THIS))
def test_the_declared_test_requests_the_page(route):
    kind, relative = PAGES[route]
    assert (ROOT / relative).is_file(), relative
    if kind == MATRIX:
        assert relative.endswith("/test_scope_matrix.py"), route
    assert requested(relative, route), (route, relative)


def test_every_page_checked_here_is_compared():
    here = {r for r, (kind, test) in PAGES.items() if test == THIS and kind != NOT_A_LIST}
    assert not sorted(here - set(COMPARE)), "declared as checked here, but nothing compares them"
    assert not sorted(set(COMPARE) - set(PAGES))


# --- R-AC-3 on the page routes test_foreign_ids cannot try --------------------------------------
# Its world holds no uploaded file, import job or data request, so it lists those routes as
# untried (PAGES_WITHOUT_A_FOREIGN_ID, "no … in the world"); and it puts the other's id in a
# route's first id only. This world has them in A1 and B1: each such route gets the other's id,
# and each route with two ids the user's own first id and the other's second.

# Where the rows of an id live, as test_foreign_ids.PAGE_ONLY_IDS: (model, path to its scope path
# or "user", "community" or "user"); those its API pools give it, spelt out for the second ids.
IDS_OF = {
    **sweep.PAGE_ONLY_IDS,
    ("officers", "photo_id"): ("officers.WorkLogPhoto", "scope_path", "community"),
    ("notices", "notice_id"): ("notices.Notice", "scope_path", "community"),
    ("notices", "recipient_id"): ("notices.NoticeRecipient", "user", "user"),
    ("notices", "attachment_id"): ("notices.NoticeAttachment", "notice__scope_path", "community"),
    ("cobuilding", "unit_id"): ("organisations.Unit", "scope_path", "community"),
    ("cobuilding", "team_id"): ("orders.ServiceTeam", "scope_path", "community"),
    ("cobuilding", "member_id"): ("orders.ServiceTeamMember", "scope_path", "community"),
    ("grid", "campaign_id"): ("grid.Campaign", "scope_path", "community"),
    ("grid", "target_id"): ("grid.Target", "scope_path", "community"),
}
RESIDENTS = ("resident_a1", "resident_b1")  # whose own rows (receipts) an id may name


def _ids(world, whose: str, besides: str, key: tuple[str, str]) -> list[int]:
    """Ids of rows of `whose` (under their community, or their own) that are not `besides`'s."""
    label, path, level = IDS_OF[key]
    rows = _app_model(label)._base_manager.order_by("pk")
    if level == "user":
        return list(rows.filter(user=world.personas[whose]).values_list("pk", flat=True)[:3])
    theirs = rows.filter(**{f"{path}__startswith": sweep._node(world, whose, level).scope_path})
    both = theirs.filter(**{f"{path}__startswith": sweep._node(world, besides, level).scope_path})
    return list(theirs.exclude(pk__in=both.values("pk")).values_list("pk", flat=True)[:3])


def _key(route, name: str) -> tuple[str, str]:
    """(page prefix, id name); an API path's segment is named as its pages' prefix."""
    parts = route.template.split("/")
    prefix = sweep.API_TO_PAGES.get(parts[3], parts[3]) if parts[1] == "api" else parts[1]
    return (prefix, name)


def lacking_routes() -> list:
    """The page routes test_foreign_ids leaves untried for want of such an object in its world."""
    lacking = tuple(
        p for p, why in sweep.PAGES_WITHOUT_A_FOREIGN_ID.items() if why.startswith("no ")
    )
    return [r for r in sweep._page_routes() if r.template.startswith(lacking)]


def two_id_routes() -> list:
    """The routes, pages and API, whose path takes two ids."""
    api = [r for r in routes() if r.template.startswith("/api/")]
    return [r for r in [*sweep._page_routes(), *api] if len(r.ids) > 1]


def _signed_in(world, name: str, api: bool = False) -> Client | APIClient:
    if api:
        client = APIClient()
        client.force_authenticate(world.personas[name])
        return client
    client = Client()
    client.force_login(world.personas[name])
    return client


def _pair(route, name: str, pair: tuple[str, str]) -> tuple[str, str]:
    """The user and the other for an id: the two residents where it names one's own rows."""
    if IDS_OF[_key(route, name)][2] != "user":
        return pair
    return RESIDENTS if pair[0].endswith("a1") else RESIDENTS[::-1]


@pytest.mark.parametrize("pair", [sweep.USERS, sweep.USERS[::-1]])
def test_the_other_communitys_files_jobs_and_requests_are_not_found_on_pages(world, db, pair):
    """Their ids answer 404 to GET and POST, while the district administrator finds them (so the
    row exists and the route serves it: the 404 is the scope's)."""
    wrong, district = [], _signed_in(world, "district_admin")
    for route in lacking_routes():
        user, other = _pair(route, route.ids[0], pair)
        client = _signed_in(world, user)
        for value in _ids(world, other, user, _key(route, route.ids[0])):
            wrong += sweep._page_wrong(client, route, value)
            url = route.path(**{route.ids[0]: value})
            if district.get(url).status_code == 404:
                wrong.append(f"GET {url} as the district administrator → 404")
    assert not wrong, "\n".join(wrong)


def test_every_route_without_a_foreign_id_there_is_tried_here(world, db):
    untried = [
        r.template
        for r in lacking_routes()
        if not any(
            _ids(world, *_pair(r, r.ids[0], p)[::-1], _key(r, r.ids[0]))
            for p in (sweep.USERS, sweep.USERS[::-1])
        )
    ]
    assert not untried, untried
    assert len(lacking_routes()) >= 15  # the photos, evidence, import jobs and data requests


def _second_wrong(client, route, first: int, second: int) -> list[str]:
    names = route.ids[:2]
    url = route.path(**dict(zip(names, (first, second), strict=True)))
    missing = route.path(**dict(zip(names, (first, sweep.MISSING), strict=True)))
    wrong = []
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        if response.status_code == 404:
            continue
        if response.status_code in (403, 405) and getattr(client, method)(missing).status_code == (
            response.status_code
        ):
            continue  # refused whatever the second id: tells nothing about it
        wrong.append(f"{method.upper()} {url} → {response.status_code}")
    return wrong


def _second_cases(world, route, pair) -> list[tuple[str, int, int]]:
    """(user, own first id, the other's second id) for one direction."""
    first, second = route.ids[:2]
    user, other = _pair(route, first, pair)
    mine = _ids(world, user, other, _key(route, first))[:1]
    _u, theirs_of = _pair(route, second, pair)
    theirs = _ids(world, theirs_of, user, _key(route, second))
    return [(user, m, t) for m in mine for t in theirs]


@pytest.mark.parametrize("pair", [sweep.USERS, sweep.USERS[::-1]])
def test_the_other_communitys_id_after_ones_own_is_not_found_on_pages(world, db, pair):
    """`/notices/<mine>/files/<theirs>/` (pages and API): the second id is looked up within the
    first's scope, not on its own."""
    wrong = []
    for route in two_id_routes():
        api = route.template.startswith("/api/")
        for user, mine, theirs in _second_cases(world, route, pair):
            wrong += _second_wrong(_signed_in(world, user, api), route, mine, theirs)
    assert not wrong, "\n".join(wrong)


def test_every_route_with_two_ids_is_tried(world, db):
    untried = [
        r.template
        for r in two_id_routes()
        if not any(_second_cases(world, r, p) for p in (sweep.USERS, sweep.USERS[::-1]))
    ]
    assert not untried, untried
    assert len(two_id_routes()) >= 9


# --- exports: every download of rows declared with the test that checks whose rows it holds --------
# The rule: a route (page or API) whose view, or a function of ours it calls (three calls deep),
# answers with `Content-Disposition: attachment` (`as_attachment=True`,
# `content_disposition_header(True, …)`). Read from the source, so a route needs no rows, id or
# purpose to be found; an export that appears fails the first test until declared here.

ATTACHMENT = re.compile(
    r"Content-Disposition|as_attachment=True|content_disposition_header\(\s*True"
)
EXPORT = "a list's rows"  # its test: as personas of different scope, the rows are the page's
DOCUMENT = "one object's document"  # a report of one area: its test finds it in scope or 404
FILE = "one stored file"  # a photo, evidence, an attachment: found through its row (R-AC-3)
NO_ROWS = "no rows"  # a blank template
EXPORT_TEST = "yipanqi/{}/tests/test_export_scope.py"
FOREIGN_IDS = "yipanqi/core/tests/test_foreign_ids.py"
# route → (kind, the test, a string the test requests it by)
EXPORTS = {
    "/funding/export/": (EXPORT, MATRIX_OF.format("funding"), "funding:overview_export"),
    "/funding/community/{community_id}/export/": (
        EXPORT, EXPORT_TEST.format("funding"), "funding:community_export"),
    "/partylife/branches/{branch_id}/dues/export/": (
        EXPORT, EXPORT_TEST.format("partylife"), "/dues/export/"),
    "/people/export/": (EXPORT, EXPORT_TEST.format("people"), "/people/export/"),
    "/people/branches/{branch_id}/feedback/export/": (
        EXPORT, EXPORT_TEST.format("people"), "/feedback/export/"),
    "/workforce/pay/{run_id}/export/": (EXPORT, EXPORT_TEST.format("workforce"), "/export/"),
    "/notices/{notice_id}/x/": (EXPORT, EXPORT_TEST.format("notices"), "/export/"),  # its step
    "/reports/{report_id}/download/": (DOCUMENT, MATRIX_OF.format("reports"), "report_download"),
    "/api/v1/reports/{report_id}/download/": (DOCUMENT, MATRIX_OF.format("reports"), "download/"),
    "/privacy/me/download/": (OWN, "yipanqi/privacy/tests/test_rights.py", "download/"),
    "/people/import/template/": (
        NO_ROWS, "yipanqi/people/tests/test_imports.py", "people:import_template"),
    # one stored file: test_foreign_ids tries the other's ids; those it cannot, this module
    "/funding/evidence/{evidence_id}/": (FILE, FOREIGN_IDS, "funding"),
    **{route: (FILE, THIS, route) for route in (
        "/centres/evidence/{evidence_id}/", "/deliberation/photos/{photo_id}/",
        "/duties/evidence/{evidence_id}/", "/grid/incidents/photos/{photo_id}/",
        "/officers/photos/{photo_id}/", "/orders/photos/{photo_id}/",
        "/partylife/photos/{photo_id}/", "/venues/photos/{photo_id}/",
        "/notices/r/{recipient_id}/files/{attachment_id}/",
        "/notices/{notice_id}/files/{attachment_id}/",
        "/api/v1/notices/inbox/{recipient_id}/attachments/{attachment_id}/",
        "/api/v1/notices/{notice_id}/attachments/{attachment_id}/",
    )},
}  # fmt: skip


def _views(match) -> list:
    """The functions that answer a route: a function view, or a class view's get and post."""
    view = inspect.unwrap(match.func)
    cls = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if cls is not None:
        return [getattr(cls, m) for m in ("get", "post") if hasattr(cls, m)]
    return [view]


def _callee(func, node) -> Any:
    chain = []
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    found = getattr(func, "__globals__", {}).get(node.id)
    for name in reversed(chain):
        found = getattr(found, name, None)
    return getattr(found, "__func__", found)


def writes_attachment(func, depth: int = 0, seen: set | None = None) -> bool:
    seen = set() if seen is None else seen
    func = getattr(inspect.unwrap(func), "__func__", func)
    if id(func) in seen:
        return False
    seen.add(id(func))
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return False
    if ATTACHMENT.search(source):
        return True
    if depth >= 3:
        return False
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        callee = _callee(func, node.func)
        module = getattr(callee, "__module__", None) or ""
        ours = module.startswith("yipanqi.") and ".tests" not in module
        if ours and inspect.isfunction(callee) and writes_attachment(callee, depth + 1, seen):
            return True
    return False


@functools.cache
def export_routes() -> frozenset[str]:
    found = set()
    for route in routes():
        try:
            match = resolve(route.path())
        except Resolver404:
            continue
        if any(writes_attachment(view) for view in _views(match)):
            found.add(route.template)
    return frozenset(found)


def test_every_export_is_declared():
    undeclared = sorted(export_routes() - set(EXPORTS))
    assert not undeclared, f"downloads without a scope test (declare them here): {undeclared}"


def test_no_declared_export_is_gone():
    assert not sorted(set(EXPORTS) - export_routes())


def test_the_rule_finds_the_exports():
    """Not vacuous: a view that writes the header itself, one through a helper, a class view."""
    found = export_routes()
    assert {"/people/export/", "/funding/export/", "/api/v1/reports/{report_id}/download/"} <= found
    assert "/people/" not in found


@pytest.mark.parametrize("route", sorted(EXPORTS))
def test_the_declared_export_test_requests_it(route):
    kind, relative, needle = EXPORTS[route]
    assert (ROOT / relative).is_file(), relative
    if relative == THIS:  # the sweeps above try the other's ids on it
        assert any(r.template == route for r in [*lacking_routes(), *two_id_routes()]), route
    else:
        assert any(needle in s for s in strings_of(relative)), (route, relative, needle)
