"""One-click report pages: the form and the reports of one's scope, a report's progress and its
audited download. A node or report outside the user's scope answers 404, like a missing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yipanqi.core.pages import found, paginate, run, step, submit
from yipanqi.reports import access, actions, changes, selectors
from yipanqi.reports.forms import ReportForm
from yipanqi.reports.render import CONTENT_TYPES

POLL_DONE = 286  # htmx stops polling on this status (as the people imports' progress)
PER_PAGE = 20


def _reader(request) -> None:
    if not access.may_report(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request):
    _reader(request)
    code = request.POST.get("area") or request.GET.get("area") or ""
    if code and access.node_in_scope(request.user, code) is None:
        raise Http404  # a node out of scope is answered like a missing one
    home = access.home_node(request.user)
    initial = {"area": code or (home.code if home else None)}
    if request.GET.get("year", "").isdigit():  # from a dashboard's 一键报表 link
        initial["year"] = int(request.GET["year"])
    form = ReportForm(request.POST or None, user=request.user, initial=initial)
    done = submit(
        request,
        form,
        lambda d: actions.report_request(
            area=d["area"], period=d["period"], fmt=d["format"], actor=request.user
        ),
        lambda report: reverse("reports:report_detail", args=[report.pk]),
    )
    if done is not None:
        return done
    page = paginate(request, selectors.report_list(user=request.user), PER_PAGE)
    return render(request, "reports/report_list.html", {"form": form, "page": page})


def _report(request, report_id: int):
    return found(selectors.report_get, user=request.user, report_id=report_id)


@login_required
@require_GET
def report_detail(request, report_id: int):
    report = _report(request, report_id)
    context = {"report": report, "can_rerun": selectors.can_rerun(report)}
    earlier = selectors.previous_run(user=request.user, report=report)
    if earlier is not None and report.status == "ready":
        context |= {"earlier": earlier, "changes": changes.changes(earlier.figures, report.figures)}
    return render(request, "reports/report_detail.html", context)


@login_required
@require_POST
def report_again(request, report_id: int):
    """A fresh run of a ready report; its page compares the two."""
    report = _report(request, report_id)
    again, error = run(lambda: actions.report_again(report=report, actor=request.user))
    if again is None:
        messages.error(request, error or "")
        return redirect("reports:report_detail", report.pk)
    messages.success(request, _("Queued. When it is ready, the page shows what changed."))
    return redirect("reports:report_detail", again.pk)


@login_required
@require_POST
def report_rerun(request, report_id: int):
    report = _report(request, report_id)
    call = lambda: actions.report_rerun(report=report, actor=request.user)  # noqa: E731
    back = reverse("reports:report_detail", args=[report.pk])
    return step(request, call, _("Queued again. The page shows the progress."), back)


@login_required
@require_GET
def report_progress(request, report_id: int):
    """The polled progress bar; when the report stops running the page reloads to offer it."""
    report = _report(request, report_id)
    response = render(request, "reports/report_progress.html", {"report": report})
    if not report.running:
        response.status_code = POLL_DONE
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def report_download(request, report_id: int):
    report = _report(request, report_id)
    data, error = run(lambda: actions.report_download(report=report, actor=request.user))
    if data is None:
        messages.error(request, error or "")
        return redirect("reports:report_detail", report.pk)
    response = HttpResponse(data, content_type=CONTENT_TYPES[report.format])
    response["Content-Disposition"] = content_disposition_header(True, report.file_name)
    response["Cache-Control"] = "no-store, private"
    return response
