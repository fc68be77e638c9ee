"""The page of the money that goes with admitted duties (费随事转): the district's finance sees
each admitted access request with its money per receiving community and credits it for a year to
the duty fund of every community carrying it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.pages import found, paginate, run
from yipanqi.core.params import id_param, int_param
from yipanqi.funding import actions, selectors
from yipanqi.funding.views import PAGE_SIZE, _context


@login_required
def duty_money(request):
    if request.method == "POST":
        return _credit(request)
    context = _context(
        request, "duty_money", requests=selectors.duty_money_requests(user=request.user),
        page_obj=paginate(request, selectors.duty_money_list(user=request.user), PAGE_SIZE),
        year=timezone.localdate().year,
    )  # fmt: skip
    return render(request, "funding/duty_money.html", context)


def _credit(request):
    request_id = id_param(request.POST, "request")
    duty = found(selectors.duty_money_request, user=request.user, request_id=request_id or 0)
    year = int_param(request.POST, "year", min_value=2000, max_value=2100) or 0
    rows, error = run(
        lambda: actions.duty_money_credit(request=duty, year=year, actor=request.user)
    )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Credited to the duty fund of %(n)s communities for %(year)s.")
            % {"n": len(rows), "year": year},
        )
    return redirect("funding:duty_money")
