from typing import cast

from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from yipanqi.accounts import permissions, selectors
from yipanqi.accounts.actions import (
    token_issue,
    token_revoke,
    two_factor_verify,
    user_deactivate,
    user_sessions_end,
)
from yipanqi.accounts.lockout import clear_failures, lockout_response
from yipanqi.accounts.models import ApiToken, User
from yipanqi.core import registry
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Forbidden


class TokenRateThrottle(SimpleRateThrottle):
    """Sign-ins for tokens per client address (R-ID-5), checked before the password is hashed:
    a wave of guesses costs a cache lookup each, not a hash. Per process (the local cache), so
    with N gunicorn workers an address gets at most N times the rate; the axes lockout, in the
    database, is the account-wide limit."""

    scope = "token"

    def get_rate(self) -> str:
        from django.conf import settings

        return settings.YIPANQI_TOKEN_RATE

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenObtainApi(APIView):
    """Exchange username + password for a bearer token. The rate per address and the lockout are
    checked before hashing."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [TokenRateThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=256, trim_whitespace=False)
        name = serializers.CharField(
            max_length=100, required=False, allow_blank=True, help_text="Client, e.g. phone app"
        )
        otp = serializers.CharField(
            max_length=20,
            required=False,
            allow_blank=True,
            help_text="Staff with two-step sign-in: the authenticator's code or a recovery code",
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            200: inline_serializer("TokenOutput", {"token": serializers.CharField()}),
            429: inline_serializer(
                "TokenThrottled",
                {"code": serializers.CharField(), "message": serializers.CharField()},
            ),
        },
        description=(
            "429 `throttled` beyond YIPANQI_TOKEN_RATE sign-ins per client address, `locked_out` "
            "while the username or the address is locked, `try_again` (with Retry-After) while "
            "another sign-in from the same address is being checked."
        ),
    )
    def post(self, request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = {k: data.validated_data[k] for k in ("username", "password")}
        raw = request._request
        user = authenticate(raw, **credentials)
        if getattr(raw, "axes_locked_out", False):
            return lockout_response(raw)
        if user is None:
            body = {"code": "invalid_credentials", "message": _("Wrong username or password.")}
            return Response(body, status=401, headers={"WWW-Authenticate": 'Bearer realm="api"'})
        clear_failures(raw, credentials["username"])
        refused = _second_factor_refusal(user, data.validated_data.get("otp", ""))
        if refused is not None:
            return refused
        token = token_issue(user=user, name=data.validated_data.get("name", ""))
        return Response({"token": token})


def _second_factor_refusal(user: User, otp: str) -> Response | None:
    """Tokens for staff who must use a second factor are issued only with a valid code (R-ID-8)."""
    if not selectors.requires_two_factor(user):
        return None
    if selectors.totp_device(user=user, confirmed=True) is None:
        message = _("Set up two-step sign-in on the website first.")
        return Response({"code": "two_factor_not_set_up", "message": message}, status=403)
    if otp and two_factor_verify(user=user, token=otp) is not None:
        return None
    message = _("Give the code from your authenticator app (otp).")
    return Response({"code": "two_factor_required", "message": message}, status=401)


class ApiTokenOutput(serializers.Serializer):
    """A token as its user sees it; the key itself is shown only once, when it is issued."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()
    current = serializers.SerializerMethodField(help_text="The token of this very request")

    def get_current(self, token) -> bool:
        return getattr(self.context.get("request"), "auth", None) == token


class TokenListApi(ListAPIView):
    """The caller's own API tokens still in force."""

    serializer_class = ApiTokenOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no caller
            return ApiToken.objects.none()
        return selectors.token_list(user=cast(User, self.request.user))


def _own_token(*, user: User, token_id: int) -> ApiToken:
    token = selectors.token_get(user=user, token_id=token_id)
    if token is None:
        raise Http404
    return token


class TokenStep(StepApi):
    # POST /api/v1/accounts/tokens/{id}/<step>/: anyone else's token is 404, like a missing one.
    selector = staticmethod(_own_token)
    lookup = "token_id"
    success_status = 204


TokenRevokeApi = TokenStep.declare(
    lambda token, d, user: token_revoke(token=token, actor=user),
    __doc__="Revoke one of the caller's own tokens; anyone else's id is 404, like a missing one.",
)


def _account(*, user, user_id: int) -> User:
    """The target account for an administrator's action: 403 for non-administrators (before any
    lookup, so user ids are not probed), 404 for a missing user."""
    if not permissions.is_account_admin(user):
        raise Forbidden()
    account = selectors.user_get(user_id=user_id)
    if account is None:
        raise Http404
    return account


class AccountStep(StepApi):
    # POST /api/v1/accounts/users/{id}/<step>/ (system and security administrators)
    selector = staticmethod(_account)
    lookup = "user_id"
    success_status = 204


class SessionsEnded(serializers.Serializer):
    sessions_ended = serializers.IntegerField()
    tokens_revoked = serializers.IntegerField()


UserSessionsEndApi = AccountStep.declare(
    lambda account, d, user: user_sessions_end(user=account, actor=user),
    __doc__="A system or security administrator ends every session and API token of a user.",
    output=SessionsEnded,
    success_status=200,
)
UserDeactivateApi = AccountStep.declare(
    lambda account, d, user: user_deactivate(user=account, actor=user),
    __doc__="A system or security administrator disables an account (its sessions and tokens end).",
)


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
