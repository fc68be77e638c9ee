"""公益创投 pages: the rounds, a round's pipeline board (applications by stage) with the funder's
round steps, applying on a phone, an application with its steps, the reviewer's scoring page,
the public 公示 list and the funder's tranche view."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, query_string, step, submit
from yipanqi.core.params import bool_param, date_param, id_list_param, id_param
from yipanqi.organisations.permissions import widest_area
from yipanqi.socialorgs import actions, permissions, selectors
from yipanqi.socialorgs.choices import AppStatus, RoundStatus, Theme, TrancheStatus
from yipanqi.socialorgs.forms import ApplicationForm, ScoreForm

ROUND_STEPS = ("close_call", "publicise", "approve", "close")
APPLICATION_STEPS = ("screen", "assign", "sign", "midterm", "final", "close", "object")
# The application steps the funder may take in each status (what its page offers).
FUNDER_STEPS = {
    AppStatus.SUBMITTED: ("screen",),
    AppStatus.ELIGIBLE: ("assign",),
    AppStatus.APPROVED: ("sign",),
    AppStatus.SIGNED: ("midterm",),
    AppStatus.MIDTERM_PASSED: ("final",),
    AppStatus.COMPLETED: ("close",),
    AppStatus.STOPPED: ("close",),
}


@login_required
def round_list(request):
    rows = selectors.round_list(user=request.user)
    can_open = widest_area(request.user, permissions.DISTRICT) is not None
    return render(request, "socialorgs/round_list.html", {"rounds": rows, "can_open": can_open})


@login_required
def round_detail(request, round_id: int):
    round_ = found(selectors.round_get, user=request.user, round_id=round_id)
    context = {
        "round": round_,
        "themes": [Theme(t).label for t in round_.themes],
        "pipeline": selectors.round_pipeline(user=request.user, round_=round_),
        "is_funder": permissions.can_fund(request.user, round_),
        "can_apply": round_.status == RoundStatus.OPEN
        and round_.opens_on <= timezone.localdate() <= round_.closes_on
        and selectors.my_organisations(user=request.user).exists(),
    }
    return render(request, "socialorgs/round_detail.html", context)


def _round_call(request, round_, name: str):
    user = request.user
    if name == "close_call":
        return lambda: actions.round_close_call(round_=round_, actor=user)
    if name == "publicise":
        return lambda: actions.round_publicise(round_=round_, actor=user)
    if name == "approve":
        withheld = {
            pk: request.POST.get(f"reason_{pk}", "")
            for pk in id_list_param(request.POST, "withhold")
        }
        return lambda: actions.round_approve(round_=round_, withheld=withheld, actor=user)
    return lambda: actions.round_close(round_=round_, actor=user)


@login_required
@require_POST
def round_step(request, round_id: int, name: str):
    round_ = found(selectors.round_get, user=request.user, round_id=round_id)
    if name not in ROUND_STEPS:
        raise Http404
    return step(request, _round_call(request, round_, name), _("Done."), round_.get_absolute_url())


@login_required
def application_new(request, round_id: int):
    """申报 on a phone: the applicant, the project, its theme, up to three budget lines."""
    round_ = found(selectors.round_get, user=request.user, round_id=round_id)
    orgs = list(selectors.my_organisations(user=request.user))
    if not orgs:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, organisations=orgs, themes=round_.themes)

    def post(d):
        return actions.application_submit(
            round_=round_, organisation=form.organisations[d["organisation"]], title=d["title"],
            theme=d["theme"], summary=d["summary"], lines=form.lines(), actor=request.user,
        )  # fmt: skip

    done = submit(request, form, post, lambda a: a.get_absolute_url())
    return done or render(
        request, "socialorgs/application_form.html", {"form": form, "round": round_}
    )


@login_required
def application_detail(request, application_id: int):
    app = found(selectors.application_get, user=request.user, application_id=application_id)
    funder = permissions.can_run_application(request.user, app)
    context = {
        "app": app,
        **selectors.application_parts(application=app),
        "steps": FUNDER_STEPS.get(app.status, ()) if funder else (),
        "problems": actions.eligibility_problems(app) if app.status == AppStatus.SUBMITTED else [],
        "reviewers": selectors.reviewer_candidates(user=request.user, round_=app.round)[:200]
        if funder and app.status == AppStatus.ELIGIBLE
        else [],
        "can_object": app.status == AppStatus.PUBLICISED,
    }
    return render(request, "socialorgs/application_detail.html", context)


def _application_call(request, app, name: str):
    p, user = request.POST, request.user
    passed = bool(bool_param(p, "passed", default=False))
    calls = {
        "screen": lambda: actions.application_screen(
            application=app, eligible=passed, reason=p.get("reason", ""), actor=user),
        "assign": lambda: actions.reviewers_assign(
            application=app, reviewers=selectors.reviewers_by_id(ids=id_list_param(p, "reviewer")),
            actor=user),
        "sign": lambda: actions.application_sign(
            application=app, agreement_no=p.get("agreement_no", ""), actor=user),
        "midterm": lambda: actions.application_midterm(
            application=app, passed=passed, note=p.get("note", ""),
            reported_on=date_param(p, "reported_on"), actor=user),
        "final": lambda: actions.application_final(
            application=app, passed=passed, note=p.get("note", ""), actor=user),
        "close": lambda: actions.application_close(application=app, actor=user),
        "object": lambda: actions.application_object(
            application=app, text_=p.get("text", ""), actor=user),
    }  # fmt: skip
    return calls[name]


@login_required
@require_POST
def application_step(request, application_id: int, name: str):
    if name not in APPLICATION_STEPS:
        raise Http404
    if name == "object":  # objections come from the public list: the round is the gate
        app = found(
            selectors.public_application_get, user=request.user, application_id=application_id
        )
    else:
        app = found(selectors.application_get, user=request.user, application_id=application_id)
    return step(request, _application_call(request, app, name), _("Done."), app.get_absolute_url())


@login_required
def my_reviews(request):
    rows = selectors.my_reviews(user=request.user)
    return render(request, "socialorgs/my_reviews.html", {"page_obj": paginate(request, rows, 20)})


@login_required
def review_score(request, review_id: int):
    """The reviewer's scoring page: one score per criterion, or a declared conflict of interest."""
    review = found(selectors.review_get, user=request.user, review_id=review_id)
    app = review.application
    criteria = list(app.round.criteria.all())
    data = request.POST if request.method == "POST" and "conflict" not in request.POST else None
    form = ScoreForm(data, criteria=criteria)
    if request.method == "POST" and "conflict" in request.POST:
        return step(request, lambda: actions.review_declare_conflict(
            review=review, note=request.POST.get("note", ""), actor=request.user),
            _("Conflict of interest declared."), review.get_absolute_url())  # fmt: skip

    def post(d):
        return actions.review_submit(review=review, scores=form.scores(), comment=d["comment"],
                                     actor=request.user)  # fmt: skip

    done = submit(request, form, post, lambda r: r.get_absolute_url())
    context = {"review": review, "app": app, "form": form,
               "lines": list(app.lines.all())}  # fmt: skip
    return done or render(request, "socialorgs/review_score.html", context)


@login_required
def publicity(request, round_id: int):
    """公示名单: the listed (and later funded) projects, their scores and amounts."""
    round_ = found(selectors.round_get, user=request.user, round_id=round_id)
    rows = selectors.publicity(user=request.user, round_=round_)
    return render(request, "socialorgs/publicity.html", {"round": round_, "rows": rows})


@login_required
def tranches(request):
    """拨付: the funder's view of every tranche, what is due, paid and stopped."""
    round_id = id_param(request.GET, "round")
    rows = selectors.tranche_list(user=request.user, round_id=round_id)
    context = {
        "page_obj": paginate(request, rows, 30),
        "totals": selectors.tranche_totals(rows),
        "rounds": selectors.round_list(user=request.user),
        "round_id": round_id,
        "query": query_string([("round", round_id)]),
        "pending": TrancheStatus.PENDING,
    }
    return render(request, "socialorgs/tranches.html", context)


@login_required
@require_POST
def tranche_pay(request, tranche_id: int):
    tranche = found(selectors.tranche_get, user=request.user, tranche_id=tranche_id)
    return step(request, lambda: actions.tranche_pay(tranche=tranche, actor=request.user),
                _("Tranche paid."), tranche.application.get_absolute_url())  # fmt: skip
