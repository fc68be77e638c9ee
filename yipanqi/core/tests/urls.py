"""The project's URLs plus API views that raise each kind of error (for test_api_errors)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from yipanqi.core.errors import Conflict, DomainError, Forbidden

RAISED = {
    "drf-permission-denied": exceptions.PermissionDenied,
    "django-permission-denied": DjangoPermissionDenied,
    "django-validation-error": lambda: DjangoValidationError({"name": ["Bad name."]}),
    "domain-error": lambda: DomainError(code="order_closed"),
    "domain-forbidden": Forbidden,
    "domain-conflict": Conflict,
}


class RaisingApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request, kind: str):
        raise RAISED[kind]()


urlpatterns = [
    path("api/v1/test-errors/<str:kind>/", RaisingApi.as_view()),
    *project_urlpatterns,
]
