"""Raising a topic from a phone (居民提议题), with the resident's own topics below the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yipanqi.core.pages import run
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation.forms import TopicForm


@login_required
def topic_new(request):
    bodies = selectors.bodies_to_raise(user=request.user)
    if not bodies.exists():
        raise PermissionDenied
    form = TopicForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        topic, error = run(
            lambda: actions.topic_raise(
                body=d["body"],
                title=d["title"],
                description=d["description"],
                idempotency_key=d["idempotency_key"] or "",
                actor=request.user,
            )
        )
        if topic is not None:
            messages.success(
                request, _("Thank you. The community will tell you whether it is taken up.")
            )
            return redirect("deliberation:topic_new")
        form.add_error(None, error)
    mine = selectors.my_topics(user=request.user)[:20]
    single = bodies.first() if bodies.count() == 1 else None
    return render(
        request, "deliberation/topic_form.html", {"form": form, "mine": mine, "single": single}
    )
