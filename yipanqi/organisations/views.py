"""Thin HTML views over the organisation selectors and actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import registry
from yipanqi.core.errors import DomainError
from yipanqi.core.pages import found, is_htmx, paginate, query_string, submit
from yipanqi.organisations import actions, permissions, selectors
from yipanqi.organisations.choices import AREA_PARENT_KIND, AreaKind, UnitKind
from yipanqi.organisations.forms import (
    AreaCreateForm,
    GrantCreateForm,
    MoveForm,
    PartyOrganisationCreateForm,
    RenameForm,
    UnitCreateForm,
)

CHILD_KIND = {parent: kind for kind, parent in AREA_PARENT_KIND.items() if parent}


def _allowed(allowed: bool) -> None:
    """In scope but not the user's to change: 403 (out of scope was already a 404)."""
    if not allowed:
        raise PermissionDenied


def _form_page(request, form, call, title, back=None, success=lambda obj: obj.get_absolute_url()):
    """The one form page of this app: run the action for a valid POST, else draw the form."""
    done = submit(request, form, call, success)
    context = {"form": form, "title": title, "back": back}
    return done or render(request, "organisations/form.html", context)


def _rename_page(request, obj, rename):
    form = RenameForm(request.POST or None, initial={"name": obj.name})
    title = _("Rename %(name)s") % {"name": obj.name}
    return _form_page(request, form, lambda d: rename(d["name"]), title, obj)


def _move_page(request, obj, parents, move):
    form = MoveForm(request.POST or None, parents=parents)
    title = _("Move %(name)s") % {"name": obj.name}
    return _form_page(request, form, lambda d: move(d["new_parent"]), title, obj)


@login_required
def tree(request):
    q = request.GET.get("q", "").strip()
    which = request.GET.get("tree", "area")
    context = {"q": q, "which": which}
    if which == "party":
        context["nodes"] = (
            selectors.party_search(user=request.user, q=q)
            if q
            else selectors.party_roots(user=request.user)
        )
    else:
        context["nodes"] = (
            selectors.area_search(user=request.user, q=q)
            if q
            else selectors.area_roots(user=request.user)
        )
    template = (
        "organisations/includes/_search_results.html"
        if is_htmx(request)
        else "organisations/tree.html"
    )
    return render(request, template, context)


@login_required
def area_children(request, area_id: int):
    area = found(selectors.area_get, user=request.user, area_id=area_id)
    nodes = selectors.area_children(area=area, user=request.user)
    return render(request, "organisations/includes/_area_nodes.html", {"nodes": nodes})


@login_required
def area_detail(request, area_id: int):
    area = found(selectors.area_get, user=request.user, area_id=area_id)
    context = {
        "area": area,
        "ancestors": selectors.area_ancestors(area=area, user=request.user),
        "children": selectors.area_children(area=area, user=request.user),
        "bodies": selectors.body_list(user=request.user, area=area),
        "party_organisations": selectors.party_organisation_list(user=request.user, area=area),
        "unit_count": selectors.unit_list(user=request.user, area_id=area.pk).count(),
        "can_add": area.kind in CHILD_KIND and permissions.administers(request.user, area.path),
        "can_change": permissions.can_change_area(request.user, area),
        "child_kind": CHILD_KIND.get(AreaKind(area.kind)),
        "node_links": registry.links_for_node(request.user, area),  # dashboard, report …
    }
    return render(request, "organisations/area_detail.html", context)


@login_required
def area_create(request, area_id: int):
    parent = found(selectors.area_get, user=request.user, area_id=area_id)
    if parent.kind not in CHILD_KIND:
        raise Http404  # grids have no sub-areas
    _allowed(permissions.administers(request.user, parent.path))
    form = AreaCreateForm(request.POST or None)
    title = _("New area under %(name)s") % {"name": parent.name}
    return _form_page(
        request,
        form,
        lambda d: actions.area_create(
            parent=parent,
            name=d["name"],
            code=d["code"],
            kind=CHILD_KIND[AreaKind(parent.kind)],
            actor=request.user,
        ),
        title,
        parent,
    )


@login_required
def area_rename(request, area_id: int):
    area = found(selectors.area_get, user=request.user, area_id=area_id)
    _allowed(permissions.can_change_area(request.user, area))
    return _rename_page(
        request, area, lambda name: actions.area_rename(area=area, name=name, actor=request.user)
    )


@login_required
def area_move(request, area_id: int):
    area = found(selectors.area_get, user=request.user, area_id=area_id)
    _allowed(permissions.can_change_area(request.user, area))
    parents = (
        permissions.areas_managed_by(request.user)
        .filter(kind=AREA_PARENT_KIND[AreaKind(area.kind)])
        .exclude(path=area.path[: -area.steplen])  # where it already is
        .order_by("code")
    )
    return _move_page(
        request,
        area,
        parents,
        lambda parent: actions.area_move(area=area, new_parent=parent, actor=request.user),
    )


@login_required
def party_children(request, organisation_id: int):
    org = found(
        selectors.party_organisation_get, user=request.user, organisation_id=organisation_id
    )
    nodes = selectors.party_children(organisation=org, user=request.user)
    return render(request, "organisations/includes/_party_nodes.html", {"nodes": nodes})


@login_required
def party_detail(request, organisation_id: int):
    org = found(
        selectors.party_organisation_get, user=request.user, organisation_id=organisation_id
    )
    context = {
        "org": org,
        "children": selectors.party_children(organisation=org, user=request.user),
        "bodies": selectors.body_list_for_organisation(user=request.user, organisation=org),
        "can_change": permissions.administers(request.user, org.scope_path),
        # an organisation leading an area reports through that area (docs/decisions/027)
        "node_links": registry.links_for_node(request.user, org.area) if org.area else [],
    }
    return render(request, "organisations/party_detail.html", context)


@login_required
def party_create(request, organisation_id: int):
    parent = found(
        selectors.party_organisation_get, user=request.user, organisation_id=organisation_id
    )
    _allowed(permissions.administers(request.user, parent.scope_path))
    form = PartyOrganisationCreateForm(request.POST or None)
    title = _("New organisation under %(name)s") % {"name": parent.name}
    return _form_page(
        request,
        form,
        lambda d: actions.party_organisation_create(
            parent=parent,
            name=d["name"],
            kind=d["kind"],
            area=parent.area,
            unit=parent.unit,
            actor=request.user,
        ),
        title,
        parent,
    )


@login_required
def party_rename(request, organisation_id: int):
    org = found(
        selectors.party_organisation_get, user=request.user, organisation_id=organisation_id
    )
    _allowed(permissions.administers(request.user, org.scope_path))
    return _rename_page(
        request,
        org,
        lambda name: actions.party_organisation_rename(
            organisation=org, name=name, actor=request.user
        ),
    )


@login_required
def party_move(request, organisation_id: int):
    org = found(
        selectors.party_organisation_get, user=request.user, organisation_id=organisation_id
    )
    _allowed(permissions.administers(request.user, org.scope_path) and org.depth > 1)
    parents = selectors.party_organisation_move_targets(user=request.user, organisation=org)
    return _move_page(
        request,
        org,
        parents,
        lambda parent: actions.party_organisation_move(
            organisation=org, new_parent=parent, actor=request.user
        ),
    )


@login_required
def unit_list(request):
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    units = selectors.unit_list(user=request.user, q=q, kind=kind)
    page = paginate(request, units, 30)
    query = query_string([("q", q), ("kind", kind)])
    can_add = permissions.areas_managed_by(request.user).exists()
    context = {
        "page_obj": page,
        "query": query,
        "q": q,
        "kind": kind,
        "kinds": UnitKind.choices,
        "can_add": can_add,
    }
    return render(request, "organisations/unit_list.html", context)


@login_required
def unit_detail(request, unit_id: int):
    unit = found(selectors.unit_get, user=request.user, unit_id=unit_id)
    context = {
        "unit": unit,
        "party_organisations": selectors.party_organisation_list(user=request.user, unit=unit),
        "seats": selectors.membership_list(user=request.user, source_unit=unit),
    }
    return render(request, "organisations/unit_detail.html", context)


@login_required
def unit_create(request):
    areas = permissions.areas_managed_by(request.user).exclude(kind=AreaKind.GRID)
    _allowed(areas.exists())
    form = UnitCreateForm(request.POST or None, areas=areas)
    return _form_page(
        request,
        form,
        lambda d: actions.unit_create(
            area=d["area"],
            name=d["name"],
            kind=d["kind"],
            credit_code=d["credit_code"],
            address=d["address"],
            actor=request.user,
        ),
        _("New unit"),
    )


@login_required
def body_detail(request, body_id: int):
    body = found(selectors.body_get, user=request.user, body_id=body_id)
    memberships = selectors.membership_list(user=request.user, body=body)
    return render(
        request, "organisations/body_detail.html", {"body": body, "memberships": memberships}
    )


@login_required
def grant_list(request):
    role, username = request.GET.get("role", ""), request.GET.get("username", "").strip()
    grants = selectors.grant_list(user=request.user, role=role, username=username)
    page = paginate(request, grants, 50)
    areas = permissions.areas_for_granting(request.user)
    form = GrantCreateForm(request.POST or None, areas=areas) if areas.exists() else None
    if form is not None:
        done = submit(
            request,
            form,
            lambda d: actions.role_grant_create(
                user=_user_by_name(d["username"]),
                role=d["role"],
                area=d["area"],
                actor=request.user,
            ),
            lambda g: _after_grant(request, g),
        )
        if done:
            return done
    query = query_string([("role", role), ("username", username)])
    context = {
        "page_obj": page,
        "form": form,
        "query": query,
        "pending_count": selectors.grant_pending_list(user=request.user).count(),
    }
    return render(request, "organisations/grant_list.html", context)


def _after_grant(request, grant) -> str:
    if grant.is_pending:
        messages.info(
            request, _("The grant takes effect once a security administrator approves it.")
        )
    return "organisations:grant_list"


@login_required
def grant_pending(request):
    """The security admin's queue: each pending grant beside what the account already holds."""
    grants = selectors.grant_pending_list(user=request.user)
    page = paginate(request, grants, 30)
    held = selectors.grants_held(user=request.user, holders=[g.user_id for g in page])
    rows = [
        {
            "grant": g,
            "held": held.get(g.user_id, []),
            "can_decide": permissions.can_decide_grant(request.user, g),
        }
        for g in page
    ]
    return render(
        request, "organisations/grant_pending.html", {"page_obj": page, "rows": rows, "query": ""}
    )


def _decide(request, grant_id: int, decide, done: str, back: str = "organisations:grant_pending"):
    """A POSTed decision on a grant in scope; a refusal, too, is said on the page it came from."""
    grant = found(lambda: selectors.grant_list(user=request.user).get(pk=grant_id))
    try:
        decide(grant=grant, actor=request.user)
        messages.success(request, done)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@login_required
@require_POST
def grant_approve(request, grant_id: int):
    return _decide(request, grant_id, actions.role_grant_approve, _("The grant was approved."))


@login_required
@require_POST
def grant_reject(request, grant_id: int):
    return _decide(request, grant_id, actions.role_grant_reject, _("The grant was rejected."))


@login_required
@require_POST
def grant_revoke(request, grant_id: int):
    return _decide(
        request,
        grant_id,
        actions.role_grant_revoke,
        _("The role was revoked."),
        "organisations:grant_list",
    )


def _user_by_name(username: str):
    from yipanqi.accounts.selectors import user_by_username

    user = user_by_username(username=username)
    if user is None:
        from yipanqi.core.errors import Invalid

        message = _("No such user.")
        raise Invalid(message, code="unknown_user", fields={"username": [message]})
    return user
