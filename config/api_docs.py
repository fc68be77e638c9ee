"""The API schema (/api/schema/) and its Swagger page (/api/docs/) are for staff only: they map
every endpoint, field and error code, which is no business of an anonymous visitor's, nor of a
resident's (issue 23, item 9d). Required in every environment, so development shows what
production does."""

from rest_framework.permissions import BasePermission

from yipanqi.organisations.permissions import active_grants


def is_api_docs_reader(user) -> bool:
    """Signed in and staff: Django staff, or a staff account (工作人员) holding an active grant."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(getattr(user, "is_staff_account", False) and active_grants(user))


class ApiDocsReader(BasePermission):
    """Anonymous: 401 (sign in first); signed in but not staff: 403."""

    def has_permission(self, request, view) -> bool:
        return is_api_docs_reader(request.user)
