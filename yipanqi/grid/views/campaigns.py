"""Sweep pages for administrators: the list, a new campaign, its detail and the assignments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, run
from yipanqi.core.params import id_param
from yipanqi.grid import actions, selectors
from yipanqi.grid import permissions as perms
from yipanqi.grid.forms import DEFAULT_QUESTIONS, AssignForm, CampaignForm, QuestionFormSet
from yipanqi.grid.views._common import PAGE_SIZE
from yipanqi.people import selectors as people_selectors


@login_required
def campaign_list(request):
    page = paginate(request, selectors.campaign_list(user=request.user), PAGE_SIZE)
    can_create = selectors.areas_for_campaigns(user=request.user).exists()
    return render(
        request,
        "grid/campaign_list.html",
        {"page_obj": page, "can_create": can_create, "query": ""},
    )


def _forms(request, areas):
    districts = sorted({a.district_code for a in areas})
    kwargs = {
        "areas": areas,
        "targets": selectors.areas_for_targets(user=request.user),
        "tags": people_selectors.household_tags_for(district_codes=districts),
    }
    if request.method == "POST":
        return CampaignForm(request.POST, **kwargs), QuestionFormSet(request.POST, prefix="q")
    initial = [
        {**q, "text": str(q["text"]), "choices": str(q.get("choices", ""))}
        for q in DEFAULT_QUESTIONS
    ]
    return CampaignForm(**kwargs), QuestionFormSet(prefix="q", initial=initial)


def _questions(formset) -> list[actions.QuestionSpec]:
    return [
        actions.QuestionSpec(
            text=f["text"],
            kind=f["kind"],
            choices=tuple(c.strip() for c in (f.get("choices") or "").split("/")),
            required=bool(f.get("required")),
        )
        for f in formset.cleaned_data
        if f and f.get("text", "").strip()
    ]


@login_required
def campaign_new(request):
    areas = selectors.areas_for_campaigns(user=request.user).order_by("path")
    if not areas.exists():
        raise PermissionDenied
    form, formset = _forms(request, areas)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        campaign, error = run(
            lambda: actions.campaign_create(
                area=d["area"],
                title=d["title"],
                purpose=d["purpose"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                rounds=d["rounds"],
                target_areas=list(d["target_areas"]),
                tags=list(d["tags"]),
                questions=_questions(formset),
                actor=request.user,
            )
        )
        if campaign is not None:
            messages.success(request, _("The sweep was created and its households assigned."))
            return redirect(campaign.get_absolute_url())
        form.add_error(None, error)
    return render(request, "grid/campaign_form.html", {"form": form, "formset": formset})


@login_required
def campaign_detail(request, campaign_id: int):
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    context = {
        "campaign": campaign,
        "assignments": selectors.assignments(user=request.user, campaign=campaign),
        "can_manage": perms.can_manage_campaign(request.user, campaign),
    }
    return render(request, "grid/campaign_detail.html", context)


@login_required
@require_POST
def campaign_step(request, campaign_id: int, step: str):
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    action = {"round": actions.campaign_next_round, "close": actions.campaign_close}[step]
    done, error = run(lambda: action(campaign=campaign, actor=request.user))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect(campaign.get_absolute_url())


@login_required
def campaign_assign(request, campaign_id: int):
    """Adjust the split in one grid: tick households, choose who takes them."""
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    grids = selectors.visit_grids(user=request.user, campaign=campaign)
    grid = grids.filter(pk=id_param(request.GET, "grid")).first() or grids.first()
    if grid is None:
        raise PermissionDenied
    targets = selectors.visit_list(user=request.user, campaign=campaign, grid_id=grid.pk)
    people = selectors.assignable_people(grid=grid)
    form = AssignForm(
        request.POST or None,
        targets=targets,
        people=selectors.assignee_choices(people=people),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        changed, error = run(
            lambda: actions.target_assign(
                targets=list(d["targets"]), assignee=d["assignee"], actor=request.user
            )
        )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("%(n)d households reassigned.") % {"n": changed})
            return redirect(f"{request.path}?grid={grid.pk}")
    page = paginate(request, targets, 100)
    context = {
        "campaign": campaign,
        "grid": grid,
        "grids": grids,
        "people": people,
        "page_obj": page,
        "form": form,
        "query": f"grid={grid.pk}",
    }
    return render(request, "grid/campaign_assign.html", context)
