"""The dashboards per level (区 / 镇街 / 社区) and the big screen (大屏): read-only pages over a
node's cached numbers (payload.py). The node comes from the URL's division code and must lie in
the user's dashboard scope (404 otherwise); without a dashboard role, 403."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from yipanqi.core.params import int_param
from yipanqi.reports.dashboards import access, charts
from yipanqi.reports.dashboards.payload import FIRST_YEAR, TTL, default_year, node_payload


def _year(request, area) -> int:
    year = int_param(request.GET, "year", min_value=FIRST_YEAR, max_value=timezone.localdate().year)
    return year or default_year(area)


def _context(area, payload: dict) -> dict:
    return {
        "area": area,
        "year": payload["year"],
        "figures": charts.key_figures(payload["figures"]),
        "attention": charts.attention(payload),
        "charts": charts.charts(payload),
        "children": payload["children"],
        "pay": charts.pay_averages(payload["figures"]),
        "grades": charts.grades(payload["figures"]),
        "computed_at": payload["computed_at"],
        "previous_year": payload["year"] - 1 if payload["year"] > FIRST_YEAR else None,
        "next_year": payload["year"] + 1 if payload["year"] < timezone.localdate().year else None,
    }


@require_safe
@login_required
def dash_home(request):
    """仪表盘: the user's own node."""
    area = access.home_node(request.user)
    return redirect("reports:dash_node", area.code)


@require_safe
@login_required
def dash_node(request, code: str):
    area = access.node_for(request.user, code)
    payload = node_payload(area, _year(request, area))
    context = _context(area, payload)
    context["parents"] = list(area.get_ancestors()) if area.depth > 1 else []
    context["parents"] = [a for a in context["parents"] if access.in_scope(request.user, a)]
    return render(request, "reports/dashboard.html", context)


def _screen(payload: dict) -> dict:
    return {
        "year": payload["year"],
        "area": payload["area"]["name"],
        "figures": charts.key_figures(payload["figures"], charts.SCREEN_FIGURES),
        "ranking": charts.ranking(payload["children"]),
        "feed": charts.feed(payload["feed"]),
        "centres": payload["centres"],
        "computed_at": payload["computed_at"][11:16],
        "refresh": TTL,
    }


@require_safe
@login_required
def dash_screen_home(request):
    """大屏 of the user's own node (the district for district staff)."""
    area = access.home_node(request.user)
    return redirect("reports:dash_screen", area.code)


@require_safe
@login_required
def dash_screen(request, code: str):
    area = access.node_for(request.user, code)
    payload = node_payload(area, _year(request, area))
    context = {"screen": _screen(payload), "area": area}
    return render(request, "reports/screen.html", context)


@require_safe
@login_required
def dash_screen_data(request, code: str):
    """The screen's numbers as JSON, fetched by screen.js every TTL seconds."""
    area = access.node_for(request.user, code)
    return JsonResponse(_screen(node_payload(area, _year(request, area))))
