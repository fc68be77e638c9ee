"""Pages for personal-information rights: one's own data (view and download), one's requests,
and the staff queue of requests with their due dates."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import paginate, run, safe_next, step, submit
from yipanqi.privacy import actions, consents, selectors
from yipanqi.privacy.forms import AnswerForm, RequestForm
from yipanqi.privacy.permissions import can_handle_request


@login_required
def my_data(request):
    form = RequestForm(request.POST or None)

    def call(d: dict):
        return actions.request_submit(kind=d["kind"], details=d["details"], actor=request.user)

    done = submit(request, form, call, lambda _request: "privacy:my_data")
    if done:
        return done
    context = {
        "sections": selectors.my_data(user=request.user),
        "requests": selectors.my_requests(user=request.user),
        "consents": _consent_rows(request.user),
        "form": form,
    }
    return render(request, "privacy/my_data.html", context)


@login_required
@require_POST
def my_data_download(request):
    """One's own data as a JSON file; the download is audited."""
    sections = selectors.my_data(user=request.user)
    actions.my_data_exported(sections=len(sections), actor=request.user)
    body = {
        "exported_at": timezone.now().isoformat(),
        "account": request.user.username,
        "sections": [
            {"title": str(s["title"]), "rows": [{str(k): str(v) for k, v in r} for r in s["rows"]]}
            for s in sections
        ],
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
    )
    name = f"my-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def request_list(request):
    status = request.GET.get("status", "open")
    rows = selectors.request_queue(user=request.user, status=status if status != "all" else "")
    page = paginate(request, rows, 30)
    context = {"page_obj": page, "status": status, "today": timezone.localdate()}
    return render(request, "privacy/request_list.html", context)


@login_required
def request_detail(request, request_id: int):
    data_request = selectors.request_get(user=request.user, request_id=request_id)
    handles = can_handle_request(request.user, data_request)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and handles and form.is_valid():
        done = request.POST.get("outcome") == "done"
        _result, error = run(
            lambda: actions.request_answer(
                request=data_request,
                done=done,
                answer=form.cleaned_data["answer"],
                actor=request.user,
            )
        )
        if error is None:
            return redirect(safe_next(request, "privacy:request_list"))
        form.add_error("answer", error)
    context = {"item": data_request, "handles": handles, "form": form}
    return render(request, "privacy/request_detail.html", context)


def _consent_rows(user) -> list[dict]:
    return [
        {"consent": c, "notice": consents.notice(c.purpose)}
        for c in selectors.my_consents(user=user)
    ]


@login_required
def notice_page(request, purpose: str):
    """A purpose's notice (告知): what is collected, why, how long, its version; the person's
    consent to it, to give or withdraw (R-PI-6)."""
    notice = consents.notice(purpose)
    if notice is None:
        raise Http404
    if request.method == "POST":
        _result, error = run(
            lambda: actions.consent_give(
                purpose=purpose,
                notice_version=_int(request.POST.get("notice_version")),
                actor=request.user,
            )
        )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Thank you; your consent is recorded."))
        return redirect(safe_next(request, "privacy:my_data"))
    context = {
        "notice": notice,
        "current": selectors.consent_current(user=request.user, purpose=purpose),
    }
    return render(request, "privacy/notice.html", context)


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 6 else 0


@login_required
@require_POST
def consent_withdraw(request):
    """Withdraw one's consent to a purpose; nothing more is collected for it (R-PI-6)."""
    purpose = request.POST.get("purpose", "")[:40]
    return step(
        request,
        lambda: actions.consent_withdraw(purpose=purpose, actor=request.user),
        _("Your consent is withdrawn."),
        "privacy:my_data",
    )
