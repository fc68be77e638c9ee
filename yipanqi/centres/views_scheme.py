"""The 5A rating scheme's pages: the scheme in use (and earlier editions), set it up from the
documented defaults, and edit it — dimensions, indicators, weights and grade lines in one form
that works without script (blank rows to add, a box to remove)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.centres import actions, selectors
from yipanqi.centres.scheme_spec import DimensionSpec, IndicatorSpec, SchemeSpec, as_text
from yipanqi.core.pages import found, run

BLANK_DIMENSIONS, BLANK_INDICATORS, BLANK_THRESHOLDS = 1, 2, 2
INDICATOR_FIELDS = ("name", "guidance", "max", "weight")


def _may_edit(user: Any, scheme: Any) -> bool:
    district = selectors.district_managed(user=user)
    return district is not None and scheme.active and scheme.scope_path == district.path


@login_required
def scheme_current(request):
    """The scheme in use in the user's district (or the offer to set one up)."""
    scheme = selectors.scheme_in_use(user=request.user)
    if scheme is None:
        district = selectors.district_managed(user=request.user)
        return render(request, "centres/scheme.html", {"scheme": None, "district": district})
    return _show(request, scheme)


@login_required
def scheme_detail(request, scheme_id: int):
    return _show(request, found(selectors.scheme_get, user=request.user, scheme_id=scheme_id))


def _show(request, scheme: Any):
    editions = list(selectors.scheme_editions(user=request.user, scheme=scheme))
    context = {
        "scheme": scheme,
        "spec": selectors.scheme_spec(scheme),
        "editions": editions,
        "rounds": next((e.n_rounds for e in editions if e.pk == scheme.pk), 0),
        "may_edit": _may_edit(request.user, scheme),
    }
    return render(request, "centres/scheme.html", context)


@login_required
@require_POST
def scheme_setup(request):
    district = selectors.district_managed(user=request.user)
    if district is None:
        raise PermissionDenied
    _scheme, error = run(
        lambda: actions.scheme_create_default(district=district, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The default scheme is set up; edit it to the district's own."))
    return redirect("centres:scheme")


@login_required
def scheme_edit(request, scheme_id: int):
    scheme = found(selectors.scheme_get, user=request.user, scheme_id=scheme_id)
    if not _may_edit(request.user, scheme):
        raise PermissionDenied
    if request.method != "POST":
        rows = _rows_of(selectors.scheme_spec(scheme))
        return render(request, "centres/scheme_form.html", {"scheme": scheme, **rows})
    spec, problems = parse(request.POST)
    if spec is not None:
        call = lambda: actions.scheme_revise(scheme=scheme, spec=spec, actor=request.user)  # noqa: E731
        now, error = run(call)
        if error is None:
            messages.success(request, _saved(scheme, now))
            return redirect(now.get_absolute_url())
        problems.append(error)
    context = {"scheme": scheme, "problems": problems, **_rows_posted(request.POST)}
    return render(request, "centres/scheme_form.html", context, status=400)


def _saved(before: Any, now: Any) -> str:
    if now.pk == before.pk:
        return _("Saved.")
    return _(
        "Saved as a new edition: it is used from the next round on; rounds already opened keep "
        "the scheme they opened with."
    )


# --- the form: rows drawn from a scheme or from what was posted --------------------------------


def _blank_indicators(prefix: str, start: int, n: int) -> list[dict]:
    return [{"prefix": f"{prefix}-i{j}"} for j in range(start, start + n)]


def _rows_of(spec: Any) -> dict:
    dimensions = []
    for d_no, d in enumerate(spec.dimensions):
        p = f"d{d_no}"
        rows = [
            {"prefix": f"{p}-i{j}", "name": i.name, "guidance": i.guidance,
             "max": as_text(i.max_score), "weight": as_text(i.weight)}
            for j, i in enumerate(d.indicators)
        ]  # fmt: skip
        rows += _blank_indicators(p, len(rows), BLANK_INDICATORS)
        dimensions.append({"prefix": p, "name": d.name, "weight": as_text(d.weight),
                           "indicators": rows})  # fmt: skip
    dimensions += _blank_dimensions(len(spec.dimensions))
    thresholds = [{"prefix": f"t{k}", "grade": g, "min": as_text(least)}
                  for k, (g, least) in enumerate(spec.thresholds)]  # fmt: skip
    thresholds += [{"prefix": f"t{len(thresholds) + k}"} for k in range(BLANK_THRESHOLDS)]
    return {"name": spec.name, "dimensions": dimensions, "thresholds": thresholds}


def _blank_dimensions(start: int) -> list[dict]:
    return [
        {"prefix": f"d{n}", "indicators": _blank_indicators(f"d{n}", 0, 3)}
        for n in range(start, start + BLANK_DIMENSIONS)
    ]


def _numbers(post: Any, pattern: str) -> list[int]:
    found_ = {int(m.group(1)) for key in post for m in [re.fullmatch(pattern, key)] if m}
    return sorted(found_)


def _rows_posted(post: Any) -> dict:
    """The form as it was posted, so a refused edit loses nothing."""
    dimensions = []
    for d_no in _numbers(post, r"d(\d+)-name"):
        p = f"d{d_no}"
        rows = [
            {"prefix": f"{p}-i{j}", "remove": f"{p}-i{j}-remove" in post,
             **{f: post.get(f"{p}-i{j}-{f}", "") for f in INDICATOR_FIELDS}}
            for j in _numbers(post, rf"{p}-i(\d+)-name")
        ]  # fmt: skip
        dimensions.append({"prefix": p, "name": post.get(f"{p}-name", ""),
                           "weight": post.get(f"{p}-weight", ""),
                           "remove": f"{p}-remove" in post, "indicators": rows})  # fmt: skip
    thresholds = [
        {"prefix": f"t{k}", "grade": post.get(f"t{k}-grade", ""), "min": post.get(f"t{k}-min", ""),
         "remove": f"t{k}-remove" in post}
        for k in _numbers(post, r"t(\d+)-grade")
    ]  # fmt: skip
    return {"name": post.get("name", ""), "dimensions": dimensions, "thresholds": thresholds}


# --- parsing: posted rows → SchemeSpec, every problem named by its row --------------------------


def _number(text: str, what: str, problems: list[str]) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        problems.append(_("%(what)s is not a number.") % {"what": what})
        return Decimal(0)
    if not value.is_finite():
        problems.append(_("%(what)s is not a number.") % {"what": what})
        return Decimal(0)
    return value


def _filled(row: dict, fields: tuple[str, ...]) -> bool:
    return not row.get("remove") and any(str(row.get(f, "")).strip() for f in fields)


def _indicator(row: dict, problems: list[str]) -> Any:
    name = row["name"].strip()
    label = name or _("an indicator without a name")
    return IndicatorSpec(
        name=name,
        guidance=row["guidance"].strip(),
        max_score=_number(
            row["max"], _("The maximum score of “%(name)s”") % {"name": label}, problems
        ),
        weight=_number(row["weight"], _("The weight of “%(name)s”") % {"name": label}, problems),
    )


def parse(post: Any) -> tuple[Any, list[str]]:
    """(the spec, []) or (None, the problems) — each problem names its row."""
    rows, problems = _rows_posted(post), []
    dimensions = []
    for d in rows["dimensions"]:
        indicators = [i for i in d["indicators"] if _filled(i, INDICATOR_FIELDS)]
        if not _filled(d, ("name", "weight")) and not (indicators and not d["remove"]):
            continue
        label = d["name"].strip() or _("a dimension without a name")
        weight = _number(d["weight"], _("The weight of “%(name)s”") % {"name": label}, problems)
        specs = [_indicator(i, problems) for i in indicators]
        dimensions.append(DimensionSpec(d["name"].strip(), weight, specs))
    thresholds = [
        (t["grade"].strip(), _number(t["min"], _("The line of “%(grade)s”") % {"grade": t["grade"]}, problems))
        for t in rows["thresholds"]
        if _filled(t, ("grade", "min"))
    ]  # fmt: skip
    if problems:
        return None, problems
    return SchemeSpec(rows["name"].strip(), dimensions, thresholds), []  # the action checks it
