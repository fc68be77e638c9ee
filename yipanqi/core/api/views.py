from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.selectors import audit_event_list


class AuditEventOutput(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    actor_username = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_repr = serializers.CharField()
    changes = serializers.JSONField()
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
