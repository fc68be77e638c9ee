"""Leaders' pages of the officers' platform: the assignments of their area (结对安排), posting an
officer to a target, ending an assignment, and the district's officer roles (names, duties and
layers, edited by the organisation department)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, step, submit
from yipanqi.core.params import choice_param
from yipanqi.officers import actions, selectors
from yipanqi.officers import permissions as perms
from yipanqi.officers.choices import AssignmentStatus
from yipanqi.officers.forms import AssignmentForm, RoleForm
from yipanqi.officers.models import READERS
from yipanqi.organisations.permissions import roles_of


def _reader(request) -> None:
    if not roles_of(request.user) & READERS:
        raise PermissionDenied


@login_required
def assignment_list(request):
    """结对安排: the assignments of the reader's area, by role and place."""
    _reader(request)
    status = choice_param(request.GET, "status", AssignmentStatus.values) or ""
    rows = selectors.assignment_list(user=request.user, status=status)
    context = {
        "page_obj": paginate(request, rows, 30),
        "status": status,
        "statuses": AssignmentStatus.choices,
        "can_assign": bool(perms.leader_areas(request.user)),
        "query": f"status={status}" if status else "",
    }
    return render(request, "officers/assignment_list.html", context)


@login_required
def assignment_new(request):
    """Post an officer to a target, with a visit plan (leaders over the target's area)."""
    if not perms.leader_areas(request.user):
        raise PermissionDenied
    user = request.user
    districts = {a.district_code for a in perms.leader_areas(user)}
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        officers=selectors.officer_choices(user=user),
        roles=selectors.role_list(user=user).filter(district_code__in=districts),
        areas=selectors.assign_areas(user=user), units=selectors.assign_units(user=user),
    )  # fmt: skip
    officers = dict(selectors.officer_choices(user=user))

    def create(d):
        return actions.assignment_create(
            officer=selectors.officer_user(user_id=d["officer"], allowed=officers), role=d["role"],
            area=d["area"], unit=d["unit"], target_name=d["target_name"],
            starts_on=d["starts_on"], visits_per_month=d["visits_per_month"], actor=user,
        )  # fmt: skip

    done = submit(request, form, create, lambda a: a.get_absolute_url())
    if done is not None:
        return done
    return render(request, "officers/assignment_form.html", {"form": form})


@login_required
@require_POST
def assignment_end(request, assignment_id: int):
    assignment = found(selectors.assignment_get, user=request.user, assignment_id=assignment_id)
    call = lambda: actions.assignment_end(assignment=assignment, actor=request.user)  # noqa: E731
    return step(request, call, _("The assignment has ended."), assignment.get_absolute_url())


@login_required
def role_list(request):
    """五大员角色: the district's roles with their layer and duties."""
    _reader(request)
    rows = list(selectors.role_list(user=request.user))
    for role in rows:
        role.editable = perms.can_edit_roles(request.user, role.district_code)
    return render(request, "officers/role_list.html", {"roles": rows})


@login_required
def role_edit(request, role_id: int):
    role = found(selectors.role_get, user=request.user, role_id=role_id)
    if not perms.can_edit_roles(request.user, role.district_code):
        raise PermissionDenied
    initial = {"name": role.name, "layer": role.layer, "duties": role.duties}
    form = RoleForm(request.POST if request.method == "POST" else None, initial=initial)

    def update(d):
        return actions.role_update(role=role, name=d["name"], duties=d["duties"],
                                   layer=d["layer"], actor=request.user)  # fmt: skip

    done = submit(request, form, update, lambda _r: "officers:role_list")
    if done is not None:
        return done
    return render(request, "officers/role_form.html", {"form": form, "role": role})
