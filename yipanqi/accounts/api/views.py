from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.accounts.actions import token_issue
from yipanqi.accounts.lockout import clear_failures, lockout_response
from yipanqi.core import registry


class TokenObtainApi(APIView):
    """Exchange username + password for a bearer token. Lockout is checked before hashing."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=256, trim_whitespace=False)

    @extend_schema(
        request=InputSerializer,
        responses={200: inline_serializer("TokenOutput", {"token": serializers.CharField()})},
    )
    def post(self, request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        raw = request._request
        user = authenticate(raw, **data.validated_data)
        if getattr(raw, "axes_locked_out", False):
            return lockout_response(raw)
        if user is None:
            body = {"code": "invalid_credentials", "message": _("Wrong username or password.")}
            return Response(body, status=401, headers={"WWW-Authenticate": 'Bearer realm="api"'})
        clear_failures(raw, data.validated_data["username"])
        return Response({"token": token_issue(user=user)})


class MeApi(APIView):
    """Who the caller is and which roles they hold where."""

    @extend_schema(responses=inline_serializer("Me", {"username": serializers.CharField()}))
    def get(self, request) -> Response:
        grants_of = registry.resolve("grants")
        grants = grants_of(request.user) if grants_of else []
        return Response(
            {
                "username": request.user.username,
                "display_name": request.user.display_name,
                "kind": request.user.kind,
                "grants": grants,
            }
        )
