from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "yipanqi.accounts.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token/"}


class CookieSessionScheme(SessionScheme):
    """DRF's session scheme (`cookieAuth`) for the project's subclass (its CSRF refusal has its
    own code, `csrf_failed`)."""

    target_class = "yipanqi.accounts.authentication.SessionAuthentication"
