"""Pages of fixed service teams (组团式服务): the teams in view, a team with its members, coverage
and service log, and for the street / community admins who lead it: set up, edit, add and remove
members. The team lives in the orders app (docs/decisions/024); these pages call its selectors
and actions."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from yipanqi.core.pages import StyledForm, found, paginate, step, submit
from yipanqi.core.pii import mask_name
from yipanqi.orders import actions
from yipanqi.orders import permissions as perms
from yipanqi.orders.selectors import teams as selectors

PAGE_SIZE = 20
LOG_SIZE = 20


class TeamForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Team name"), max_length=60)
    lead_organisation = forms.ModelChoiceField(
        label=gettext_lazy("Leading party organisation"), queryset=None, empty_label=None
    )
    coverage = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Communities or grids served"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, leads=None, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = leads
        self.fields["coverage"].queryset = areas


class TeamEditForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Team name"), max_length=60)
    coverage = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Communities or grids served"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    leader = forms.ModelChoiceField(
        label=gettext_lazy("Team leader"), queryset=None, required=False
    )
    active = forms.BooleanField(label=gettext_lazy("Active (takes orders)"), required=False)

    def __init__(self, *args, areas=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coverage"].queryset = areas
        self.fields["leader"].queryset = members


class MemberAddForm(StyledForm):
    member = forms.ModelChoiceField(
        label=gettext_lazy("Member"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = candidates
        self.fields["member"].label_from_instance = _candidate_label


def _candidate_label(member) -> str:
    unit = f" · {member.work_unit.name}" if member.work_unit_id else ""
    return f"{member.person.name}{unit}"


def _team(request, team_id: int):
    return found(selectors.team_get, user=request.user, team_id=team_id)


def _managed(request, team_id: int):
    team = _team(request, team_id)
    if not perms.can_manage_team(request.user, team):
        raise PermissionDenied
    return team


@login_required
def team_list(request):
    teams = selectors.team_list(user=request.user).order_by("-active", "scope_path", "name")
    context = {
        "page_obj": paginate(request, teams, PAGE_SIZE),
        "can_create": selectors.lead_choices(user=request.user).exists(),
    }
    return render(request, "cobuilding/teams/team_list.html", context)


def _member_rows(user, team, manage: bool) -> list[dict]:
    """Members with their names in full for the team's admins and for themselves, masked for
    everyone else (teammates see 张*丰)."""
    rows = []
    for row in selectors.team_members(team=team):
        name = row.member.person.name
        own = row.member.person.user_id == user.pk
        rows.append({"row": row, "name": name if manage or own else mask_name(name)})
    return rows


@login_required
def team_detail(request, team_id: int):
    team = _team(request, team_id)
    manage = perms.can_manage_team(request.user, team)
    log = selectors.team_service_log(user=request.user, team=team)
    leader = team.leader.person if team.leader_id else None
    own = leader is not None and leader.user_id == request.user.pk
    context = {
        "team": team,
        "manage": manage,
        "leader": ""
        if leader is None
        else (leader.name if manage or own else mask_name(leader.name)),
        "members": _member_rows(request.user, team, manage),
        "coverage": selectors.team_coverage(team=team),
        "log": paginate(request, log, LOG_SIZE),
        "next_url": request.get_full_path(),
    }
    return render(request, "cobuilding/teams/team_detail.html", context)


def _form_page(request, form, title: str, back: str, team=None):
    context = {"form": form, "title": title, "back_url": back, "team": team}
    return render(request, "cobuilding/teams/team_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_new(request):
    leads = selectors.lead_choices(user=request.user)
    if not leads.exists():
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    areas = selectors.coverage_choices(user=request.user)
    form = TeamForm(data, leads=leads, areas=areas)

    def post(d):
        return actions.team_create(
            lead_organisation=d["lead_organisation"],
            name=d["name"],
            coverage=list(d["coverage"]),
            actor=request.user,
        )

    done = submit(request, form, post, lambda team: team.get_absolute_url())
    return done or _form_page(request, form, _("New service team"), reverse("cobuilding:team_list"))


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, team_id: int):
    team = _managed(request, team_id)
    data = request.POST if request.method == "POST" else None
    initial = {
        "name": team.name,
        "coverage": [a.pk for a in selectors.team_coverage(team=team)],
        "leader": team.leader_id,
        "active": team.active,
    }
    form = TeamEditForm(
        data,
        initial=initial,
        areas=selectors.coverage_choices(user=request.user, area=team.area),
        members=selectors.team_member_choices(team=team),
    )

    def post(d):
        return actions.team_edit(
            team=team,
            name=d["name"],
            coverage=list(d["coverage"]),
            leader=d["leader"],
            active=d["active"],
            actor=request.user,
        )

    done = submit(request, form, post, lambda t: t.get_absolute_url())
    return done or _form_page(request, form, _("Edit the team"), team.get_absolute_url(), team)


@login_required
@require_http_methods(["GET", "POST"])
def team_member_add(request, team_id: int):
    team = _managed(request, team_id)
    q = request.GET.get("q", "")[:50]
    candidates = selectors.team_candidates(team=team, q=q)
    data = request.POST if request.method == "POST" else None
    form = MemberAddForm(data, candidates=candidates[:50] if data is None else candidates)

    def post(d):
        return actions.team_member_add(team=team, member=d["member"], actor=request.user)

    done = submit(request, form, post, lambda _row: team.get_absolute_url())
    context = {"form": form, "team": team, "q": q, "back_url": team.get_absolute_url()}
    return done or render(request, "cobuilding/teams/team_member_form.html", context)


@login_required
@require_POST
def team_member_remove(request, team_id: int, member_id: int):
    team = _managed(request, team_id)
    row = found(team.memberships.select_related("team__area").get, member_id=member_id, active=True)
    return step(
        request,
        lambda: actions.team_member_remove(membership=row, actor=request.user),
        _("The member has left the team."),
        team.get_absolute_url(),
    )
