from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core import notify, registry
from yipanqi.core.selectors import audit_event_list, notifications_for


@login_required
def home(request):
    grants_of = registry.resolve("grants")
    return render(request, "home.html", {"grants": grants_of(request.user) if grants_of else []})


@login_required
def audit_list(request):
    params = request.GET
    events = audit_event_list(
        user=request.user,
        action=params.get("action") or None,
        actor=params.get("actor") or None,
    )
    page = Paginator(events, 50).get_page(params.get("page"))
    query = "&".join(f"{k}={v}" for k, v in params.items() if k != "page" and v)
    return render(request, "core/audit_list.html", {"page_obj": page, "query": query})


@login_required
def inbox(request):
    notes = notifications_for(user=request.user)
    page = Paginator(notes, 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page_obj": page, "query": ""})


@login_required
@require_POST
def notification_open(request, notification_id: int):
    """Mark one message read and follow its link (only links inside this site)."""
    note = get_object_or_404(notifications_for(user=request.user), pk=notification_id)
    notify.notifications_mark_read(user=request.user, ids=[note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, {request.get_host()}):
        return redirect(note.url)
    return redirect("core:inbox")


@login_required
@require_POST
def inbox_read_all(request):
    notify.notifications_mark_read(user=request.user)
    return redirect("core:inbox")


def _error(request, status: int, title: str, detail: str):
    context = {"status": status, "title": title, "detail": detail}
    return render(request, "error.html", context, status=status)


def error_403(request, exception=None):
    return _error(request, 403, _("Not allowed"), _("You do not have permission to see this page."))


def error_404(request, exception=None):
    return _error(
        request, 404, _("Not found"), _("There is nothing here, or it is not yours to see.")
    )


def error_500(request):
    return _error(
        request, 500, _("Something went wrong"), _("The error has been logged. Please try again.")
    )
