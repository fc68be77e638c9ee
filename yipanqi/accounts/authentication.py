from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import authentication, exceptions

from yipanqi.accounts.actions import token_touch
from yipanqi.accounts.models import ApiToken, hash_key

__all__ = ["BearerTokenAuthentication", "SessionAuthentication", "hash_key"]


class CsrfFailed(exceptions.PermissionDenied):
    """A session-authenticated write without its CSRF token, answered with its own code (the
    project's handler uses `default_code`), so that a page's script knows to reload rather than
    report a missing permission."""

    default_code = "csrf_failed"
    default_detail = gettext_lazy(
        "The page's security token is missing or has expired; reload the page and try again."
    )


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication; a missing or wrong CSRF token answers `csrf_failed`."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied as refused:
            raise CsrfFailed() from refused


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
