from django.utils import timezone
from rest_framework import authentication, exceptions

from yipanqi.accounts.actions import token_touch
from yipanqi.accounts.models import ApiToken, hash_key

__all__ = ["BearerTokenAuthentication", "hash_key"]


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with tokens from POST /api/v1/auth/token/."""

    keyword = "bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed()
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_key(header[1].decode("latin-1")), revoked_at__isnull=True)
            .first()
        )
        now = timezone.now()
        if token is None or token.expires_at <= now or not token.user.is_active:
            raise exceptions.AuthenticationFailed()
        token_touch(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
