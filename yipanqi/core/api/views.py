from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core import pii
from yipanqi.core.api.fields import IdField
from yipanqi.core.errors import Forbidden
from yipanqi.core.models import PersonalDataAccess
from yipanqi.core.permissions import can_read_access_log
from yipanqi.core.selectors import audit_event_list, personal_data_access_list


class AuditEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    actor_username = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_repr = serializers.CharField()
    changes = serializers.JSONField()
    data = serializers.JSONField()
    ip = serializers.IPAddressField(allow_null=True)
    request_id = serializers.CharField()


class AuditEventListApi(ListAPIView):
    """Audit events in the caller's scope (auditors and audit admins), newest first."""

    serializer_class = AuditEventOutput

    def get_queryset(self):
        params = self.request.query_params
        return audit_event_list(
            user=self.request.user,
            action=params.get("action") or None,
            actor=params.get("actor") or None,
            target_type=params.get("target_type") or None,
        )


class AuditEventDetailApi(APIView):
    @extend_schema(responses=AuditEventOutput)
    def get(self, request, event_id: int) -> Response:
        event = get_object_or_404(audit_event_list(user=request.user), pk=event_id)
        return Response(AuditEventOutput(event).data)


class AccessLogOutput(serializers.Serializer):
    """One unmasking; the subject's name and numbers typed into the purpose are shown masked."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    actor_id = serializers.IntegerField()
    actor_username = serializers.CharField(source="actor.username")
    subject_type = serializers.CharField()
    subject_id = serializers.CharField()
    subject = serializers.SerializerMethodField()
    field = serializers.CharField()
    purpose = serializers.SerializerMethodField()
    request_id = serializers.CharField()

    def get_subject(self, obj) -> str:
        return pii.mask_name(obj.subject_repr)

    def get_purpose(self, obj) -> str:
        return pii.mask_free_text(obj.purpose)


class AccessLogFilter(serializers.Serializer):
    person = IdField(required=False)
    subject_type = serializers.CharField(required=False, max_length=100)
    actor = serializers.CharField(required=False, max_length=150)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False)


def _access_log(request):
    if not can_read_access_log(request.user):
        raise Forbidden()
    params = AccessLogFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    d = dict(params.validated_data)
    if "person" in d:
        d["subject_id"] = str(d.pop("person"))
    return personal_data_access_list(user=request.user, **d)


class AccessLogListApi(ListAPIView):
    """The personal-data access log in the caller's scope (audit admin, auditors), newest first.

    Filters: `person` (the subject's id), `subject_type`, `actor` (username), `since` and `until`
    (dates, both whole days). Roles without the log get 403; rows out of scope are never listed.
    """

    serializer_class = AccessLogOutput

    @extend_schema(parameters=[AccessLogFilter])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller to refuse
            return PersonalDataAccess.objects.none()
        return _access_log(self.request)


class AccessLogDetailApi(APIView):
    @extend_schema(responses=AccessLogOutput)
    def get(self, request, access_id: int) -> Response:
        access = get_object_or_404(_access_log(request), pk=access_id)
        return Response(AccessLogOutput(access).data)
