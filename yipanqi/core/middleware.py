import uuid

from yipanqi.core import context


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
