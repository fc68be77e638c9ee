"""Pages of the centre network and its 5A rating: the network (tree and scatter), the ranking, a
centre, the rounds, one assessment with the step its viewer may take, evidence downloads."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yipanqi.centres import actions, evidence_files, selectors
from yipanqi.centres import permissions as perms
from yipanqi.centres.choices import AssessmentStatus, CentreLevel
from yipanqi.core import uploads
from yipanqi.core.errors import DomainError, Forbidden
from yipanqi.core.pages import found, paginate, step
from yipanqi.core.params import choice_param, int_param
from yipanqi.organisations.models import Area

PAGE_SIZE = 50
EVIDENCE_FILES_PER_POST = 15


def _towns(nodes: list) -> Any:
    for node in nodes:
        if node.centre.level == CentreLevel.TOWN:
            yield node
        yield from _towns(node.children)


@login_required
def network(request):
    view = choice_param(request.GET, "view", ("tree", "map"), default="tree")
    tree = selectors.centre_tree(user=request.user)
    context = {
        "view": view,
        "tree": tree,
        # Several towns in view (the district, an auditor): fold each town's grassroots centres.
        "fold": sum(1 for _ in _towns(tree)) > 1,
        "points": selectors.centre_points(user=request.user) if view == "map" else [],
        "grades": selectors.scheme_grades(user=request.user),
        "levels": dict(CentreLevel.choices),
    }
    return render(request, "centres/network.html", context)


@login_required
def ranking(request):
    level = choice_param(request.GET, "level", CentreLevel.values) or ""
    rows = selectors.centre_ranking(user=request.user, level=level)
    context = {
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "level": level,
        "levels": CentreLevel.choices,
        "query": f"level={level}" if level else "",
    }
    return render(request, "centres/ranking.html", context)


@login_required
def centre_detail(request, centre_id: int):
    centre = found(selectors.centre_get, user=request.user, centre_id=centre_id)
    context = {
        "centre": centre,
        "children": selectors.centre_list(user=request.user).filter(parent=centre),
        "grades": selectors.centre_grades(centre=centre),
        "venues": selectors.centre_venues(user=request.user, centre=centre),
        "can_see_assessments": perms.assessments_visible_to(request.user)
        .filter(centre=centre)
        .exists(),
    }
    return render(request, "centres/centre_detail.html", context)


@login_required
def round_list(request):
    district = selectors.district_managed(user=request.user)
    if request.method == "POST":
        if district is None:
            raise PermissionDenied
        return _open_round(request, district)
    context = {"rounds": selectors.round_list(user=request.user), "district": district}
    return render(request, "centres/round_list.html", context)


def _open_round(request, district: Area):
    year = int_param(request.POST, "year", min_value=2000, max_value=2100)
    title = (request.POST.get("title") or "").strip()
    try:
        round_ = actions.round_open(
            district=district, title=title, year=year or 0, actor=request.user
        )
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("centres:round_list")
    messages.success(request, _("The round is open: every centre can now assess itself."))
    return redirect(round_.get_absolute_url())


@login_required
def round_detail(request, round_id: int):
    round_ = found(selectors.round_get, user=request.user, round_id=round_id)
    status = choice_param(request.GET, "status", AssessmentStatus.values) or ""
    rows = selectors.round_assessments(user=request.user, round_=round_, status=status)
    context = {
        "round": round_,
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "counts": selectors.round_status_counts(user=request.user, round_=round_),
        "statuses": AssessmentStatus.choices,
        "status": status,
        "query": f"status={status}" if status else "",
        "can_publish": perms.can_publish(request.user, round_),
    }
    return render(request, "centres/round_detail.html", context)


@login_required
@require_POST
def round_step(request, round_id: int, name: str):
    round_ = found(selectors.round_get, user=request.user, round_id=round_id)
    call = actions.round_publish if name == "publish" else actions.round_close
    done = _("Published.") if name == "publish" else _("Closed.")
    return step(
        request, lambda: call(round_=round_, actor=request.user), done, round_.get_absolute_url()
    )


def _posted(post: Any, prefix: str) -> dict[int, str]:
    """{indicator id: text} from fields named <prefix><id> (only those filled in)."""
    values = {}
    for key, value in post.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit() and value.strip() != "":
            values[int(key[len(prefix) :])] = value.strip()
    return values


def _uploads(files: Any) -> list[tuple[int, Any]]:
    chosen = [
        (int(key[5:]), f)
        for key in files
        if key.startswith("file_") and key[5:].isdigit()
        for f in files.getlist(key)
    ]
    if len(chosen) > EVIDENCE_FILES_PER_POST:
        raise Http404
    return chosen


def _self_assess(request, assessment: Any) -> None:
    indicators = {i.pk: i for i in selectors.assessment_indicators(assessment=assessment)}
    with transaction.atomic():
        actions.assessment_self_assess(
            assessment=assessment,
            scores=_posted(request.POST, "score_"),
            notes=_posted(request.POST, "note_"),
            actor=request.user,
        )
        for pk, upload in _uploads(request.FILES):
            if pk not in indicators:
                raise Http404
            actions.evidence_attach(
                assessment=assessment, indicator=indicators[pk], upload=upload, actor=request.user
            )


def _review(request, assessment: Any, name: str) -> None:
    call = {
        "street_review": actions.assessment_street_review,
        "district_review": actions.assessment_district_review,
    }[name]
    call(
        assessment=assessment,
        scores=_posted(request.POST, "score_"),
        reasons=_posted(request.POST, "reason_"),
        actor=request.user,
    )


def _appeal(request, assessment: Any, name: str) -> None:
    reason = request.POST.get("reason") or ""
    if name == "appeal":
        actions.assessment_appeal(assessment=assessment, reason=reason, actor=request.user)
        return
    actions.assessment_appeal_decide(
        assessment=assessment,
        upheld=request.POST.get("upheld") == "yes",
        reason=reason,
        scores=_posted(request.POST, "score_"),
        actor=request.user,
    )


def _run_step(request, assessment: Any, name: str) -> None:
    if name == "self_assess":
        _self_assess(request, assessment)
    elif name == "submit":
        actions.assessment_submit(assessment=assessment, actor=request.user)
    elif name in ("street_review", "district_review"):
        _review(request, assessment, name)
    else:
        _appeal(request, assessment, name)


DONE = {
    "self_assess": gettext_lazy("Scores saved."),
    "submit": gettext_lazy("Submitted for the street's review."),
    "street_review": gettext_lazy("Street review recorded."),
    "district_review": gettext_lazy("District review recorded."),
    "appeal": gettext_lazy("Appeal lodged."),
    "appeal_decide": gettext_lazy("Appeal decided."),
}


# The steps that edit the scoring sheet, at most one open to a viewer at a time.
EDITING = ("self_assess", "street_review", "district_review", "appeal_decide")


def _fill(sheet: list, edit: str, posted: Any, errors: dict[str, list[str]]) -> None:
    """What each row's inputs show: what was posted (a refused post loses nothing), else the
    centre's own latest score (self-assessment) or the score that counts now (reviews)."""
    for dimension in sheet:
        for row in dimension.rows:
            pk = row.indicator.pk
            own = row.self_entry if edit == "self_assess" else None
            start = own.value if own else (row.counting if edit != "self_assess" else None)
            text = "" if start is None else f"{start.normalize():f}"
            note = own.reason if own else ""
            if posted is not None:
                text = posted.get(f"score_{pk}", text)
                note = posted.get(f"note_{pk}") or posted.get(f"reason_{pk}") or ""
            row.input_value, row.reason_value = text, note
            row.score_error = " ".join(errors.get(f"score_{pk}", []))
            row.reason_error = " ".join(errors.get(f"reason_{pk}", []))


@uploads.max_body_size(uploads.body_limit(EVIDENCE_FILES_PER_POST, evidence_files.MAX_BYTES))
@login_required
def assessment_detail(request, assessment_id: int, name: str = ""):
    assessment = found(selectors.assessment_get, user=request.user, assessment_id=assessment_id)
    steps = selectors.assessment_steps(user=request.user, assessment=assessment)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if name not in steps:
            raise PermissionDenied
        try:
            _run_step(request, assessment, name)
        except Forbidden as exc:
            raise PermissionDenied from exc
        except DomainError as exc:
            messages.error(request, exc.message)
            errors = {k: [str(m) for m in v] for k, v in exc.fields.items()}
        else:
            messages.success(request, DONE[name])
            return redirect(assessment.get_absolute_url())
    edit = next((s for s in EDITING if s in steps), "")
    sheet = selectors.assessment_sheet(assessment=assessment)
    _fill(sheet, edit, request.POST if request.method == "POST" else None, errors)
    context = {
        "assessment": assessment,
        "sheet": sheet,
        "events": selectors.assessment_events(assessment=assessment),
        "steps": steps,
        "edit": "self" if edit == "self_assess" else edit,
        "edit_step": edit,
    }
    return render(request, "centres/assessment_detail.html", context, status=400 if errors else 200)


@login_required
def evidence_file(request, evidence_id: int):
    """The file, only for users who may see its assessment, always as a download."""
    return evidence_files.FILES.download(
        selectors.evidence_get, user=request.user, evidence_id=evidence_id
    )
