from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from yipanqi.core import registry
from yipanqi.core.selectors import audit_event_list


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
