"""One API error shape: {"code": stable machine code, "message": human text, "fields": {...}}.

Messages follow the request language (LocaleMiddleware reads Accept-Language).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from yipanqi.core.errors import DomainError


def csrf_message() -> str:
    """The refusal of a write without its CSRF token (accounts.authentication.CsrfFailed under
    DRF, core.views.csrf_failure elsewhere)."""
    return _("The page's security token is missing or has expired; reload the page and try again.")


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


def _domain_body(exc: DomainError) -> dict:
    fields = {
        k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in exc.fields.items()
    }
    return _body(exc.code, exc.message, fields)


def _from_domain(exc: DomainError) -> Response:
    return Response(_domain_body(exc), status=exc.status)


def domain_error_response(exc: DomainError) -> JsonResponse:
    """A domain error met outside DRF (e.g. by Django's handler400), in the same shape."""
    return json_error(_domain_body(exc), exc.status)


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


# Errors Django answers outside DRF (no URL matched, an uncaught exception, a middleware's refusal):
# under /api/ they are answered in the same shape (core.views' handlers, core.middleware).
_STATUS_CODES = {
    400: ("bad_request", lambda: _("The request could not be read.")),
    401: ("not_authenticated", lambda: _("Please sign in first.")),
    403: ("permission_denied", lambda: _("You do not have permission to do this.")),
    404: ("not_found", lambda: _("Not found.")),
    405: ("method_not_allowed", lambda: _("Method not allowed.")),
    413: ("request_too_large", lambda: _("The request is too large.")),
    415: ("unsupported_media_type", lambda: _("Unsupported media type.")),
    429: ("throttled", lambda: _("Too many requests; try again later.")),
    500: ("server_error", lambda: _("Something went wrong. The error has been logged.")),
    503: (
        "service_unavailable",
        lambda: _("The service is briefly unavailable; try again shortly."),
    ),
}


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


def error_body(status_code: int, message=None) -> dict:
    """The error shape for an HTTP status, with its stable code (and a message unless given)."""
    code, default = _STATUS_CODES.get(status_code, ("error", lambda: _("Error")))
    return _body(code, message or default())


def csrf_failed_response() -> JsonResponse:
    return json_error(_body("csrf_failed", csrf_message()), status.HTTP_403_FORBIDDEN)


def error_response(status_code: int, message=None) -> JsonResponse:
    return json_error(error_body(status_code, message), status_code)


def json_error(body: dict, status_code: int) -> JsonResponse:
    """An error body as JSON, written as DRF writes it (UTF-8, not \\u escapes)."""
    return JsonResponse(body, status=status_code, json_dumps_params={"ensure_ascii": False})
