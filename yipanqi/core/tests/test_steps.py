"""core.api.steps: one POST per workflow step, the same answers for every app."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory

from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Conflict, Forbidden

ROWS = {1: "placed"}
OUT_OF_SCOPE = 2  # exists, but the selector does not reach it: the same as missing


def _thing_get(*, user, thing_id: int):
    if thing_id not in ROWS:
        raise ObjectDoesNotExist
    return SimpleNamespace(pk=thing_id, status=ROWS[thing_id])


class ThingOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    status = serializers.CharField()


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=10)


class ThingStep(StepApi):
    permission_classes = [AllowAny]
    selector = staticmethod(_thing_get)
    url_kwarg = "thing_id"
    output_serializer = ThingOutput


def _close(thing, d, user):
    if thing.status != "placed":
        raise Conflict("Already closed.", code="illegal_transition")
    return SimpleNamespace(pk=thing.pk, status=f"closed: {d['reason']}")


CloseApi = ThingStep.declare(_close, input=ReasonInput)
KeyedApi = ThingStep.declare(
    lambda t, d, user: SimpleNamespace(pk=t.pk, status=d["idempotency_key"]), idempotent=True
)
RefusedApi = ThingStep.declare(lambda t, d, user: (_ for _ in ()).throw(Forbidden()))


def _post(view, thing_id: int, data=None, **headers):
    request = APIRequestFactory().post("/api/v1/things/", data or {}, format="json", **headers)
    request.user = AnonymousUser()
    return view.as_view()(request, thing_id=thing_id)


def test_a_step_runs_its_action_and_answers_the_object():
    response = _post(CloseApi, 1, {"reason": "done"})
    assert response.status_code == 200
    assert response.data == {"id": 1, "status": "closed: done"}


def test_missing_and_out_of_scope_answer_the_same_404():
    missing, hidden = _post(CloseApi, 999, {"reason": "x"}), _post(CloseApi, OUT_OF_SCOPE)
    assert missing.status_code == hidden.status_code == 404
    assert missing.data == hidden.data
    assert missing.data["code"] == "not_found"


def test_input_is_validated_after_the_object_is_found():
    response = _post(CloseApi, 1, {"reason": "far too long a reason"})
    assert response.status_code == 400
    assert response.data["code"] == "validation_error"
    assert "reason" in response.data["fields"]


def test_a_domain_error_keeps_its_status_and_code():
    ROWS[3] = "closed"
    try:
        response = _post(CloseApi, 3, {"reason": "again"})
    finally:
        del ROWS[3]
    assert response.status_code == 409
    assert response.data["code"] == "illegal_transition"


def test_a_refusal_is_403():
    assert _post(RefusedApi, 1).status_code == 403


@pytest.mark.parametrize(("key", "status"), [("abc-1", 200), ("not a key!", 400)])
def test_idempotency_key_is_read_and_checked(key, status):
    response = _post(KeyedApi, 1, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == status
    if status == 200:
        assert response.data["status"] == key
    else:
        assert response.data["code"] == "bad_idempotency_key"


def test_each_step_documents_its_own_request_and_response():
    from django.urls import path
    from drf_spectacular.generators import SchemaGenerator

    patterns = [
        path("api/v1/things/<int:thing_id>/close/", CloseApi.as_view()),
        path("api/v1/things/<int:thing_id>/key/", KeyedApi.as_view()),
    ]
    schema = SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)
    close = schema["paths"]["/api/v1/things/{thing_id}/close/"]["post"]
    assert close["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ReasonInputRequest"
    )
    assert close["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ThingOutput"
    )
    assert "description" not in close
    keyed = schema["paths"]["/api/v1/things/{thing_id}/key/"]["post"]
    assert [p["name"] for p in keyed["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]
