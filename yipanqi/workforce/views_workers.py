"""Pages that change who is in post: appointing a person of the registry (聘任), a transfer to
another community (调动) and leaving with a reason (离职). Each is a form that keeps what was
typed when the action refuses it; ID numbers and phones are shown masked."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from yipanqi.core.pages import found, submit
from yipanqi.core.params import id_param
from yipanqi.workforce import actions, selectors
from yipanqi.workforce import permissions as perms
from yipanqi.workforce.forms import AppointForm, ExitForm, TransferForm

QUERY_MAX = 50


def _community(communities: list, pk: int):
    area = next((a for a in communities if a.pk == pk), None)
    if area is None:
        raise PermissionDenied
    return area


@login_required
def worker_appoint(request):
    """Find the person (by name), then the post: GET ?q= lists, ?person= picks, POST appoints."""
    communities = selectors.managed_communities(user=request.user)
    if not communities:
        raise PermissionDenied
    q = (request.GET.get("q") or "")[:QUERY_MAX]
    person_id = id_param(request.POST or request.GET, "person")
    person = None
    if person_id is not None:
        person = found(selectors.person_get, user=request.user, person_id=person_id)
    form = AppointForm(
        request.POST or None,
        communities=communities,
        initial={"person": person_id, "prior_years": 0},
    )
    done = submit(
        request,
        form,
        lambda d: actions.worker_appoint(
            person=person,
            community=_community(communities, d["community"]),
            post=d["post"],
            started_on=d["started_on"],
            education=d["education"],
            qualification=d["qualification"],
            prior_years=d["prior_years"],
            actor=request.user,
        ),  # fmt: skip
        lambda worker: worker.get_absolute_url(),
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "q": q,
        "person": person,
        "found": [] if person else list(selectors.appointable_people(user=request.user, q=q)),
        "show_pay": perms.is_pay_admin(request.user),
    }
    return render(request, "workforce/worker_appoint.html", context)


def _managed_worker(request, worker_id: int):
    worker = found(selectors.worker_get, user=request.user, worker_id=worker_id)
    if not perms.can_manage_worker(request.user, worker):
        raise PermissionDenied
    return worker


@login_required
def worker_transfer(request, worker_id: int):
    worker = _managed_worker(request, worker_id)
    communities = selectors.managed_communities(user=request.user)
    form = TransferForm(request.POST or None, communities=communities)
    done = submit(
        request,
        form,
        lambda d: actions.worker_transfer(
            worker=worker,
            community=_community(communities, d["community"]),
            on=d["on"],
            post=d["post"],
            actor=request.user,
        ),  # fmt: skip
        lambda w: w.get_absolute_url(),
    )
    if done is not None:
        return done
    return _form_page(request, worker, form, "transfer")


@login_required
def worker_exit(request, worker_id: int):
    worker = _managed_worker(request, worker_id)
    form = ExitForm(request.POST or None)
    done = submit(
        request,
        form,
        lambda d: actions.worker_exit(
            worker=worker, on=d["on"], reason=d["reason"], actor=request.user
        ),
        lambda w: w.get_absolute_url(),
    )
    if done is not None:
        return done
    return _form_page(request, worker, form, "exit")


def _form_page(request, worker, form, kind: str):
    context = {
        "worker": worker,
        "form": form,
        "kind": kind,
        "show_pay": perms.is_pay_admin(request.user),
    }
    return render(request, "workforce/worker_form.html", context)
