"""Downloads of community funding as XLSX (导出 Excel): a community's funds for a year, and the
overview (the district's or one town's). Thin views over the audited export actions; out of scope
answers 404 like the pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from yipanqi.core.exports import XLSX_TYPE
from yipanqi.core.pages import found
from yipanqi.core.params import id_param
from yipanqi.funding import actions, selectors
from yipanqi.funding import permissions as perms
from yipanqi.funding.views import _community, _year


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def community_export(request, community_id: int):
    community = _community(request, community_id)
    year = _year(request)
    content = actions.community_funds_export(community=community, year=year, actor=request.user)
    return _download(content, f"funds-{community.code}-{year}.xlsx")


@login_required
@require_GET
def overview_export(request):
    """The overview as on the page: one town's with `?town=`, else all the user sees."""
    town_id = id_param(request.GET, "town")
    town = found(selectors.town_get, user=request.user, town_id=town_id) if town_id else None
    if town is None and not perms.is_admin(request.user):
        raise Http404  # no community's funds in reach: nothing to export, like a page out of scope
    year = _year(request)
    content = actions.overview_export(year=year, town=town, actor=request.user)
    name = f"funds-{town.code if town else 'overview'}-{year}.xlsx"
    return _download(content, name)
