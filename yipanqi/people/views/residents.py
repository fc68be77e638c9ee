"""Residents and households: search, person detail with purpose-bound unmasking and the
move-out (迁出), household card."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yipanqi.core.pages import found, paginate, query_string, run, step, submit
from yipanqi.core.params import id_param
from yipanqi.organisations import selectors as organisation_selectors
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.permissions import roles_of
from yipanqi.people import actions, permissions, selectors
from yipanqi.people.choices import SensitiveField
from yipanqi.people.forms import MoveOutForm, UnmaskForm
from yipanqi.people.models import ADMINS, IMPORT_ROLES
from yipanqi.people.pi import is_anonymised
from yipanqi.people.views._common import PAGE_SIZE, optional_url

AREA_CHOICES_LIMIT = 400


def _list_filters(request) -> dict:
    # The search form posts, so a full ID number or phone typed in never lands in a URL
    # (access logs, browser history); paging links carry only the other filters then.
    params = request.POST if request.method == "POST" else request.GET
    return {
        "q": params.get("q", "").strip(),
        "tags": [t for t in params.getlist("tag") if t],
        "household_id": id_param(params, "household"),
        "area_id": id_param(params, "area"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def person_list(request):
    filters = _list_filters(request)
    exact = selectors.exact_query(filters["q"])
    error = None
    if exact is not None:
        _, error = run(
            lambda: actions.person_search_exact(
                field=exact.field, masked=exact.masked, actor=request.user
            )
        )
    people = selectors.person_list(user=request.user, **filters).prefetch_related("household__tags")
    page = paginate(request, people.none() if error else people, PAGE_SIZE)
    masked_q = exact.masked if exact else ""
    pairs = [
        ("q", "" if masked_q else filters["q"]),
        ("area", filters["area_id"]),
        ("household", filters["household_id"]),
    ]
    pairs += [("tag", t) for t in filters["tags"]]
    query = query_string(pairs)
    is_admin = bool(roles_of(request.user) & ADMINS)
    context = {
        "page_obj": page,
        "query": query,
        **filters,
        "q": "" if masked_q else filters["q"],
        "masked_q": masked_q,
        "search_error": error,
        "exact_not_permitted": exact is not None
        and not permissions.can_search_exact(request.user, exact.field),
        "all_tags": selectors.household_tags(user=request.user),
        "areas": organisation_selectors.area_list(
            user=request.user, kinds=[AreaKind.COMMUNITY, AreaKind.GRID]
        )[:AREA_CHOICES_LIMIT],
        "import_url": optional_url("people:import_start")
        if roles_of(request.user) & IMPORT_ROLES
        else "",
        "export_url": optional_url("people:export", query) if is_admin else "",
    }
    return render(request, "people/person_list.html", context)


def _sensitive_rows(request, person, revealed: dict, form: UnmaskForm | None) -> list[dict]:
    """ID number and phone: masked, or clear if just unmasked; with a Show form if allowed."""
    masked = {
        SensitiveField.ID_NUMBER: person.id_number_masked,
        SensitiveField.PHONE: person.phone_masked,
    }
    rows = []
    for field, label in SensitiveField.choices:
        failed = form is not None and form.data.get("field") == field
        rows.append(
            {
                "field": field,
                "label": label,
                "masked": masked[field],
                "clear": revealed.get(field, ""),
                "can_unmask": bool(masked[field])
                and permissions.can_unmask(request.user, person, field),
                "form": form
                if failed
                else UnmaskForm(initial={"field": field}, auto_id=f"u-{field}-%s"),
                "failed": failed,
            }
        )
    return rows


def _move(request, person, form: MoveOutForm | None) -> dict:
    """The move-out form, or the undo of a move-out, for those who may change the person."""
    allowed = permissions.can_change_in(request.user, person.scope_path)
    moved = person.moved_out_on is not None
    return {
        "can_move_out": allowed and not moved,
        "can_move_back": allowed and moved and not is_anonymised(person),
        "move_form": form or MoveOutForm(auto_id="move-%s"),
    }


def _detail_context(request, person, revealed=None, form=None, move_form=None) -> dict:
    return {
        **_move(request, person, move_form),
        "person": person,
        "member": selectors.member_for_person(user=request.user, person=person),
        "household_visible": person.household_id is not None
        and permissions.households_visible_to(request.user).filter(pk=person.household_id).exists(),
        "sensitive": _sensitive_rows(request, person, revealed or {}, form),
        "birth_date_visible": permissions.can_see_birth_date(request.user, person),
        "profile_visible": permissions.can_see_political_profile(request.user, person),
        "notes": selectors.person_notes(user=request.user, person=person),
    }


@login_required
def person_detail(request, person_id: int):
    person = found(selectors.person_get, user=request.user, person_id=person_id)
    return render(request, "people/person_detail.html", _detail_context(request, person))


@login_required
@require_http_methods(["GET", "POST"])
def person_unmask(request, person_id: int):
    """Show one sensitive value in clear on this response only; the action checks and logs it."""
    person = found(selectors.person_get, user=request.user, person_id=person_id)
    if request.method == "GET":  # e.g. back from the language switch: the masked page
        return redirect(person.get_absolute_url())
    form = UnmaskForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, person, form=form)
        return render(request, "people/person_detail.html", context, status=400)
    field = form.cleaned_data["field"]
    value, error = run(
        lambda: actions.person_unmask(
            person=person, field=field, purpose=form.cleaned_data["purpose"], actor=request.user
        )
    )
    if error:
        form.add_error("purpose", error)
        context = _detail_context(request, person, form=form)
        return render(request, "people/person_detail.html", context, status=400)
    context = _detail_context(request, person, revealed={field: value})
    response = render(request, "people/person_detail.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


def _changeable(request, person_id: int):
    """The person in scope (404 otherwise) whom the user may change (403 otherwise)."""
    person = found(selectors.person_get, user=request.user, person_id=person_id)
    if not permissions.can_change_in(request.user, person.scope_path):
        raise PermissionDenied
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_move_out(request, person_id: int):
    """迁出: record the day the resident left; a refused date comes back on the form."""
    person = _changeable(request, person_id)
    if request.method == "GET":  # e.g. back from the language switch after a refused date
        return redirect(person.get_absolute_url())
    form = MoveOutForm(request.POST, auto_id="move-%s")
    done = submit(
        request,
        form,
        lambda d: actions.person_move_out(
            person=person, moved_out_on=d["moved_out_on"], actor=request.user
        ),
        lambda moved: moved.get_absolute_url(),
    )
    if done is not None:
        return done
    context = _detail_context(request, person, move_form=form)
    return render(request, "people/person_detail.html", context, status=400)


@login_required
@require_POST
def person_move_back(request, person_id: int):
    person = _changeable(request, person_id)
    return step(
        request,
        lambda: actions.person_move_back(person=person, actor=request.user),
        _("The move-out was undone."),
        person.get_absolute_url(),
    )


@login_required
def household_detail(request, household_id: int):
    household = found(selectors.household_get, user=request.user, household_id=household_id)
    members = selectors.household_members(user=request.user, household=household)
    context = {"household": household, "members": members}
    return render(request, "people/household_detail.html", context)
