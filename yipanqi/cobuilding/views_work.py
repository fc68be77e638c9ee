"""Pages of co-building projects, hard problems (难题会办) and the yearly evaluation of units."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.cobuilding import actions, figures, forms, selectors
from yipanqi.cobuilding import selectors_refs as refs
from yipanqi.cobuilding.actions._common import refuse
from yipanqi.cobuilding.permissions import administers, can_confirm, runs_council
from yipanqi.cobuilding.selectors_town import registered_units
from yipanqi.core.pages import found, paginate, step, submit
from yipanqi.core.params import int_param
from yipanqi.deliberation.actions import meeting_schedule
from yipanqi.deliberation.choices import MeetingKind
from yipanqi.organisations.choices import AreaKind


@login_required
def project_list(request):
    page = paginate(request, selectors.projects(user=request.user), 30)
    return render(request, "cobuilding/project_list.html", {"page_obj": page})


@login_required
def project_detail(request, project_id: int):
    project = found(selectors.project_get, user=request.user, project_id=project_id)
    context = {
        "project": project,
        "report_form": forms.ReportForm(),
        "rate_form": forms.RateForm(),
        "is_community": administers(request.user, project.community),
    }
    return render(request, "cobuilding/project_detail.html", context)


@login_required
@require_POST
def project_step(request, project_id: int, action: str):
    project = found(selectors.project_get, user=request.user, project_id=project_id)
    back = reverse("cobuilding:project_detail", args=[project.pk])
    user = request.user
    if action == "report":
        form = forms.ReportForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        return step(
            request,
            lambda: actions.project_report(project=project, note=note, actor=user),
            _("Saved."),
            back,
        )
    if action == "rate":
        form = forms.RateForm(request.POST)
        data = form.cleaned_data if form.is_valid() else {"rating": 0, "comment": ""}
        call = lambda: actions.project_rate(project=project, actor=user, **data)  # noqa: E731
        return step(request, call, _("Thank you for rating."), back)
    moves = {
        "begin": actions.project_begin,
        "complete": actions.project_complete,
        "cancel": actions.project_cancel,
    }
    return step(request, lambda: moves[action](project=project, actor=user), _("Saved."), back)


@login_required
def problem_list(request):
    user = request.user
    community = refs.areas_i_run(user=user).first()
    form = forms.ProblemForm(request.POST or None)
    if community is not None and request.method == "POST":
        council = selectors.council_of(refs.town_of(community))

        def call(data):
            if council is None:
                raise PermissionDenied
            return actions.problem_raise(council=council, community=community, actor=user, **data)

        done = submit(request, form, call, lambda p: p.get_absolute_url())
        if done:
            return done
    page = paginate(request, selectors.problems(user=user), 30)
    context = {
        "page_obj": page,
        "form": form if community else None,
        "community": community,
        "today": timezone.localdate(),
    }
    return render(request, "cobuilding/problem_list.html", context)


@login_required
def problem_detail(request, problem_id: int):
    problem = found(selectors.problem_get, user=request.user, problem_id=problem_id)
    members = selectors.council_members(problem.council)
    context = {
        "problem": problem,
        "runs": runs_council(request.user, problem.council),
        "confirms": can_confirm(request.user, problem),
        "session_form": forms.SessionForm(),
        "commitment_form": forms.CommitmentForm(members=members),
        "evidence_form": forms.EvidenceForm(),
        "confirm_form": forms.ConfirmForm(),
        "today": timezone.localdate(),
        "uid": request.user.pk,
    }
    return render(request, "cobuilding/problem_detail.html", context)


def _session(request, problem):
    form = forms.SessionForm(request.POST)

    def call():
        if not form.is_valid():
            raise refuse(_("Give a title and a time."), "bad_session")
        data = form.cleaned_data
        meeting = meeting_schedule(
            body=problem.council,
            kind=MeetingKind.PROBLEM_SOLVING,
            title=data["title"],
            starts_at=data["starts_at"],
            place=data["place"],
            actor=request.user,
        )
        return actions.problem_to_session(problem=problem, session=meeting, actor=request.user)

    return call


@login_required
@require_POST
def problem_step(request, problem_id: int, action: str):
    problem = found(selectors.problem_get, user=request.user, problem_id=problem_id)
    back = problem.get_absolute_url()
    user = request.user
    if action == "session":
        if not runs_council(user, problem.council):
            raise PermissionDenied
        return step(request, _session(request, problem), _("Put to the session."), back)
    if action == "commit":
        members = {m.pk: m for m in selectors.council_members(problem.council)}
        form = forms.CommitmentForm(request.POST, members=members.values())
        data = form.cleaned_data if form.is_valid() else {}
        call = lambda: actions.commitment_add(  # noqa: E731
            problem=problem,
            member=members.get(data.get("member")),
            what=data.get("what", ""),
            due_on=data.get("due_on"),
            resources=data.get("resources", ""),
            actor=user,
        )
        return step(request, call, _("Commitment recorded."), back)
    form = forms.ConfirmForm(request.POST)
    result = form.cleaned_data["result"] if form.is_valid() else ""
    call = lambda: actions.problem_confirm(problem=problem, result=result, actor=user)  # noqa: E731
    return step(request, call, _("Confirmed; the problem is solved."), back)


@login_required
@require_POST
def commitment_done(request, commitment_id: int):
    commitment = found(selectors.commitment_get, user=request.user, commitment_id=commitment_id)
    form = forms.EvidenceForm(request.POST)
    evidence = form.cleaned_data["evidence"] if form.is_valid() else ""

    def call():
        return actions.commitment_done(commitment=commitment, evidence=evidence, actor=request.user)  # noqa: E731

    return step(request, call, _("Marked done."), commitment.problem.get_absolute_url())


def _year(request) -> int:
    default = timezone.localdate().year - (1 if timezone.localdate().month < 12 else 0)
    return int_param(request.GET, "year", default=default, min_value=2000, max_value=2100)


@login_required
def evaluation_list(request):
    year = _year(request)
    kinds = (AreaKind.COMMUNITY, AreaKind.TOWN)
    area = refs.areas_i_run(user=request.user, kinds=kinds).first()
    if area is None:
        raise PermissionDenied
    done = {
        (e.unit_id, e.community_id): e
        for e in selectors.evaluations(user=request.user).filter(year=year)
    }
    rows = [(r, done.get((r.unit_id, r.community_id))) for r in registered_units(area=area)[:200]]
    # 反馈: evaluations by other communities of units whose party organisation is ours
    received = selectors.evaluations(user=request.user).filter(year=year)
    received = received.exclude(scope_path__startswith=area.path)[:100]
    return render(
        request,
        "cobuilding/evaluation_list.html",
        {"rows": rows, "year": year, "area": area, "received": received},
    )


@login_required
def evaluation_form(request, community_id: int, unit_id: int):
    year = _year(request)
    community = found(refs.community_i_run, user=request.user, community_id=community_id)
    unit = found(refs.unit_get, user=request.user, unit_id=unit_id)
    numbers = figures.unit_year(unit_id=unit.pk, community_id=community.pk, year=year)
    form = forms.EvaluationForm(request.POST or None)

    def call(d):
        return actions.evaluation_record(
            community=community, unit=unit, year=year, actor=request.user, **d
        )  # noqa: E731

    done = submit(
        request, form, call, lambda e: reverse("cobuilding:evaluation_list") + f"?year={year}"
    )
    window = figures.window(community.district_code, year)
    context = {
        "form": form,
        "community": community,
        "unit": unit,
        "year": year,
        "numbers": numbers,
        "window": window,
    }
    return done or render(request, "cobuilding/evaluation_form.html", context)
