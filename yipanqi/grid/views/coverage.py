"""Live coverage of a sweep (清楼进度): a page whose figures refresh by htmx polling of a partial."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from yipanqi.core.params import id_param
from yipanqi.grid import selectors

REFRESH_SECONDS = 15


def _context(request):
    campaigns = selectors.campaign_list(user=request.user)
    chosen = id_param(request.GET, "campaign")
    campaign = (campaigns.filter(pk=chosen) if chosen else campaigns).first()
    if campaign is None:
        return {"campaigns": campaigns, "campaign": None}
    node = selectors.coverage_node(
        user=request.user, campaign=campaign, area_id=id_param(request.GET, "area")
    )
    if node is None:
        raise Http404
    return {
        "campaigns": campaigns[:20],
        "campaign": campaign,
        "coverage": selectors.coverage(user=request.user, campaign=campaign, node=node),
        "refresh": REFRESH_SECONDS,
    }


@login_required
def coverage(request):
    return render(request, "grid/coverage.html", _context(request))


@login_required
def coverage_partial(request):
    """Only the figures, for the page's polling (hx-get every few seconds)."""
    return render(request, "grid/includes/_coverage.html", _context(request))
