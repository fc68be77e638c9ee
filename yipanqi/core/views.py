import logging
import sys
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import actions, audit_labels, pii, registry
from yipanqi.core import home as home_page
from yipanqi.core.api import exceptions as api_errors
from yipanqi.core.api.exceptions import is_api_request
from yipanqi.core.forms import AccessLogFilterForm
from yipanqi.core.pages import paginate
from yipanqi.core.params import InvalidParameter
from yipanqi.core.permissions import can_read_access_log
from yipanqi.core.selectors import (
    audit_event_list,
    audit_event_rows,
    notifications_for,
    personal_data_access_list,
)

logger = logging.getLogger(__name__)


@login_required
def home(request):
    """Each persona's own work (to-dos with counts) and their scope's key figures (core.home)."""
    year = home_page.home_year(request.GET)
    grants_of = registry.resolve("grants")
    grants = grants_of(request.user) if grants_of else []
    links = home_page.simple_home_links(request.user)
    if links is not None:  # a resident in elder mode: a few big buttons
        return render(request, "core/home_simple.html", {"links": links, "grants": grants})
    sections = home_page.cards_for(request.user, year)
    context = {
        "grants": grants,
        "work": sections[home_page.WORK],
        "figures": sections[home_page.FIGURES],
        "year": year,
        "this_year": timezone.localdate().year,
        "first_year": home_page.FIRST_YEAR,
    }
    return render(request, "home.html", context)


@login_required
def audit_list(request):
    params = request.GET
    events = audit_event_list(
        user=request.user,
        action=params.get("action") or None,
        actor=params.get("actor") or None,
    )
    page = paginate(request, events, 50)
    query = urlencode([(k, v) for k, v in params.items() if k != "page" and v])
    context = {
        "page_obj": page,
        "rows": audit_event_rows(user=request.user, events=page),
        "action_choices": audit_labels.action_choices(),
        "query": query,
        "can_read_access_log": can_read_access_log(request.user),
    }
    return render(request, "core/audit_list.html", context)


@login_required
def access_log(request):
    """Who unmasked whose personal data, which field and why (R-PI-4), for the audit roles."""
    if not can_read_access_log(request.user):
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET)
    rows = personal_data_access_list(user=request.user, **form.filters())
    page = paginate(request, rows, 50)
    entries = [
        {
            "access": a,
            "subject": pii.mask_name(a.subject_repr),
            "field": audit_labels.field_label(audit_labels.model_for(a.subject_type), a.field),
            "purpose": pii.mask_free_text(a.purpose),
        }
        for a in page
    ]
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    context = {"page_obj": page, "entries": entries, "form": form, "query": query}
    return render(request, "core/access_log.html", context)


@login_required
def inbox(request):
    notes = notifications_for(user=request.user)
    page = paginate(request, notes, 30)
    return render(request, "core/inbox.html", {"page_obj": page, "query": ""})


@login_required
@require_POST
def notification_open(request, notification_id: int):
    """Mark one message read and follow its link (only links inside this site)."""
    note = get_object_or_404(notifications_for(user=request.user), pk=notification_id)
    actions.notifications_mark_read(user=request.user, ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, {request.get_host()}):
        return redirect(note.url)
    return redirect("core:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    actions.notifications_mark_read(user=request.user)
    return redirect("core:inbox")


def _error(request, status: int, title: str, detail: str, *, api_message=None):
    """The error page; under /api/ the API's JSON error shape instead (never an HTML page)."""
    if is_api_request(request):
        return api_errors.error_response(status, api_message)
    context = {"status": status, "title": title, "detail": detail}
    return render(request, "error.html", context, status=status)


def error_400(request, exception=None):
    """A malformed request (core.params.InvalidParameter says which parameter and why)."""
    if isinstance(exception, InvalidParameter):
        if is_api_request(request):
            return api_errors.domain_error_response(exception)
        return _error(request, 400, _("Bad request"), str(exception.message))
    return _error(request, 400, _("Bad request"), _("The request could not be read."))


def error_413(request, limit: int):
    """A request body over the view's limit (core.middleware.RequestGuardMiddleware)."""
    message = _("The request is larger than the %(mb)s MB allowed here.") % {
        "mb": f"{limit / (1024 * 1024):g}"
    }
    return _error(request, 413, _("Too large"), message, api_message=message)


def error_403(request, exception=None):
    return _error(request, 403, _("Not allowed"), _("You do not have permission to see this page."))


def error_404(request, exception=None):
    return _error(
        request, 404, _("Not found"), _("There is nothing here, or it is not yours to see.")
    )


def error_500(request):
    if _database_unreachable():
        return error_503(request)
    title, detail = _("Something went wrong"), _("The error has been logged. Please try again.")
    try:
        return _error(request, 500, title, detail)
    except Exception:  # the frame (navigation, inbox count) may need what just failed
        logger.exception("the error page could not be drawn with the site's navigation")
        context = {"status": 500, "title": title, "detail": detail}
        return HttpResponseServerError(render_to_string("error.html", context))


def _database_unreachable() -> bool:
    """Django calls handler500 inside its `except` block: the exception being handled is here."""
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError)


RETRY_AFTER_SECONDS = 30


def error_503(request):
    """The database is stopped, restarting or cut off: a page drawn without it (the site frame
    reads the session and the inbox), with Retry-After. Django drops the broken connection at the
    end of the request, so the first request after the database is back is served normally."""
    if is_api_request(request):
        response = api_errors.error_response(503)
    else:
        context = {
            "status": 503,
            "title": _("Service temporarily unavailable"),
            "detail": _(
                "The service cannot reach its data for a moment. Please try again shortly."
            ),
        }
        response = HttpResponse(render_to_string("error.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def csrf_failure(request, reason: str = ""):
    """A form sent without its security token (CSRF_FAILURE_VIEW): most often a page left open
    until the session ended, or opened again from the browser's history."""
    if is_api_request(request):
        return api_errors.csrf_failed_response()
    return _error(
        request,
        403,
        _("The form has expired"),
        _("Go back, reload the page and send the form again."),
    )
