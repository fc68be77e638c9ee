"""One API error shape: {"code": stable machine code, "message": human text, "fields": {...}}.

Messages follow the request language (LocaleMiddleware reads Accept-Language).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from yipanqi.core.errors import DomainError

_CODES = {
    exceptions.NotAuthenticated: ("not_authenticated", lambda: _("Please sign in first.")),
    exceptions.AuthenticationFailed: ("authentication_failed", lambda: _("Sign-in failed.")),
    exceptions.PermissionDenied: (
        "permission_denied",
        lambda: _("You do not have permission to do this."),
    ),
    exceptions.NotFound: ("not_found", lambda: _("Not found.")),
    exceptions.MethodNotAllowed: ("method_not_allowed", lambda: _("Method not allowed.")),
    exceptions.Throttled: ("throttled", lambda: _("Too many requests; try again later.")),
    exceptions.ParseError: ("parse_error", lambda: _("The request body could not be read.")),
    exceptions.UnsupportedMediaType: (
        "unsupported_media_type",
        lambda: _("Unsupported media type."),
    ),
    exceptions.NotAcceptable: ("not_acceptable", lambda: _("Not acceptable.")),
}


def _body(code: str, message, fields=None) -> dict:
    body = {"code": code, "message": str(message)}
    if fields:
        body["fields"] = fields
    return body


def _from_domain(exc: DomainError) -> Response:
    fields = {
        k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in exc.fields.items()
    }
    return Response(_body(exc.code, exc.message, fields), status=exc.status)


def _from_django_validation(exc: DjangoValidationError) -> Response:
    fields = {k: [str(m) for m in v] for k, v in getattr(exc, "message_dict", {}).items()}
    message = "; ".join(str(m) for m in exc.messages) or _("Some fields are not valid.")
    return Response(_body("validation_error", message, fields), status=400)


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return _from_domain(exc)
    if isinstance(exc, DjangoValidationError):
        return _from_django_validation(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = _body("validation_error", _("Some fields are not valid."), fields)
        return response
    code, message = _CODES.get(type(exc), (None, None))
    if code is None:
        code = getattr(exc, "default_code", "error")
        text = str(getattr(exc, "detail", "")) or _("Error")
    else:
        text = message()
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    response.data = _body(code, text)
    return response
