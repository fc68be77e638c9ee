import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import Http404

from yipanqi.core import context
from yipanqi.core.api.exceptions import error_body, is_api_request, json_error
from yipanqi.core.params import MAX_ID


def client_ip(request) -> str | None:
    # Behind the gateway the deployment sets REMOTE_ADDR correctly (see docs/deployment.md).
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    """Gives each request an id (echoed in X-Request-ID) and records the client IP for audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = uuid.uuid4().hex
        request.request_id = request_id
        token = context.set_current(context.RequestContext(request_id, client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            context.reset(token)
        response["X-Request-ID"] = request_id
        return response


def content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class RequestGuardMiddleware:
    """Refuses, before the CSRF check or the view reads anything, what no view takes:

    - a body larger than the view's limit, judged by its Content-Length: 413. Upload views declare
      theirs (core.uploads.max_body_size); every other view takes DATA_UPLOAD_MAX_MEMORY_SIZE;
    - an id in the path beyond the database's bigint (`<int:pk>` takes any digits): 404, as for
      any id that names nothing, instead of an OverflowError in the database driver.

    Listed before CsrfViewMiddleware, whose check reads request.POST (and so the whole body).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from yipanqi.core.views import error_413

        limit = getattr(view_func, "max_body_bytes", settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if limit is not None and content_length(request) > limit:
            return error_413(request, limit)
        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not 0 <= value <= MAX_ID:
                raise Http404
        return None


class ApiErrorMiddleware:
    """Under /api/ every error is answered as JSON in the API's shape ({code, message}).

    DRF views answer so already (core.api.exceptions); this catches the rest: Django's refusals
    outside DRF (a CSRF or method check, a middleware's answer, DEBUG's technical 404 page) and
    DRF's own errors when a browser asked for the browsable HTML rendering. Under DEBUG a server
    error keeps Django's technical page, for the developer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not is_api_request(request):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        if settings.DEBUG and response.status_code >= 500:
            return response
        data = getattr(response, "data", None)
        body = data if isinstance(data, dict) and "code" in data else None
        answer = json_error(body or error_body(response.status_code), response.status_code)
        for header, value in response.items():
            if header.lower() not in {"content-type", "content-length"}:
                answer[header] = value
        answer.cookies = response.cookies
        return answer


class PrivateResponseMiddleware:
    """Nothing shown to a signed-in user is cached by a browser or a proxy: pages and API answers
    for a user carry personal data or scoped records, so they all send `no-store, private` (the
    same rule everywhere is easier to keep than a list of views that must remember it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF copies a token's user onto the request
        signed_in = getattr(user, "is_authenticated", False) or "HTTP_AUTHORIZATION" in request.META
        # An API view without authentication classes resets request.user; the session still says.
        session = getattr(request, "session", None)
        if signed_in or (session is not None and SESSION_KEY in session):
            response["Cache-Control"] = "no-store, private"
        return response
