"""Public notices (公示) for the residents of a community, and their satisfaction ratings."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, run
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.forms import RateForm

PAGE_SIZE = 20


@login_required
def notice_list(request):
    page = paginate(request, selectors.notice_list(user=request.user), PAGE_SIZE)
    notices = [selectors.public_notice(resolution=r) for r in page]
    return render(request, "deliberation/notice_list.html", {"page_obj": page, "notices": notices})


@login_required
def notice(request, resolution_id: int):
    resolution = found(lambda: selectors.notice_get(user=request.user, resolution_id=resolution_id))
    context = {
        "notice": selectors.public_notice(resolution=resolution),
        "can_rate": perms.can_rate(request.user, resolution)
        and not selectors.has_rated(user=request.user, resolution=resolution),
        "form": RateForm(),
    }
    return render(request, "deliberation/notice_detail.html", context)


@login_required
@require_POST
def rate(request, resolution_id: int):
    from django.contrib import messages

    resolution = found(lambda: selectors.notice_get(user=request.user, resolution_id=resolution_id))
    form = RateForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _rating, error = run(
            lambda: actions.rating_submit(
                resolution=resolution, score=d["score"], comment=d["comment"], actor=request.user
            )
        )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Thank you for your rating."))
    else:
        messages.error(request, _("Give a score from 1 to 5."))
    return redirect("deliberation:notice", resolution.pk)
