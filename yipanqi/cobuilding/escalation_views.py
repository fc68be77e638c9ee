"""Escalating a record to the town's council (page and API): the record is read through its own
app's selector in the caller's scope, so a record the caller cannot see is "not found"."""

from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.cobuilding import actions, forms
from yipanqi.cobuilding.api import serializers as out
from yipanqi.cobuilding.choices import ProblemSource
from yipanqi.core.api.fields import IdField
from yipanqi.core.pages import StyledForm, found, submit
from yipanqi.core.params import int_param
from yipanqi.deliberation import selectors as deliberation
from yipanqi.grid import selectors as grid
from yipanqi.orders import selectors as orders

READ = {
    ProblemSource.ORDER: lambda user, pk: orders.order_get(user=user, order_id=pk),
    ProblemSource.INCIDENT: lambda user, pk: grid.incident_get(user=user, incident_id=pk),
    ProblemSource.TOPIC: lambda user, pk: deliberation.topic_get(user=user, topic_id=pk),
}


def record_for(user: Any, kind: str, pk: int) -> Any:
    """The record in the caller's scope, or a 404 (an unknown kind too)."""
    if kind not in READ:
        raise Http404
    return found(READ[kind], user=user, pk=pk)


class ChooseForm(StyledForm):
    kind = django_forms.ChoiceField(label=_("Escalate from"), choices=ProblemSource.choices)
    record = django_forms.IntegerField(label=_("Record number"), min_value=1, max_value=2**62)


@login_required
def problem_escalate(request):
    """Choose a record (kind and number, as its own page shows them), then confirm the problem's
    title and description, prefilled from the record."""
    kind, pk = request.GET.get("kind", ""), int_param(request.GET, "record", min_value=1)
    if not kind or pk is None:
        choose = ChooseForm(request.GET or None)
        return render(request, "cobuilding/problem_escalate.html", {"choose": choose})
    record = record_for(request.user, kind, pk)
    initial = {"title": record.title, "description": record.description}
    form = forms.ProblemForm(request.POST or None, initial=initial)

    def call(data: dict) -> Any:
        return actions.problem_escalate(record=record, actor=request.user, **data)

    done = submit(request, form, call, lambda problem: problem.get_absolute_url())
    context = {"form": form, "record": record, "kind": ProblemSource(kind)}
    return done or render(request, "cobuilding/problem_escalate.html", context)


class CobuildingEscalateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProblemSource.values)
    record = IdField(help_text="the order, incident or topic (one the caller can see)")
    title = serializers.CharField(max_length=100, required=False, default="")
    description = serializers.CharField(max_length=2000, required=False, default="")


class ProblemEscalateApi(APIView):
    @extend_schema(request=CobuildingEscalateInput, responses={201: out.CobuildingProblemOutput})
    def post(self, request):
        """Put an order, a grid incident or a deliberation topic to its town's council as a hard
        problem, once (409 `already_escalated`); 404 when the caller cannot see the record."""
        given = CobuildingEscalateInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        record = record_for(request.user, d["kind"], d["record"])
        problem = actions.problem_escalate(
            record=record, actor=request.user, title=d["title"], description=d["description"]
        )
        return Response(out.CobuildingProblemOutput(problem).data, status=201)
