from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check (first in AUTHENTICATION_BACKENDS, so nothing is hashed while locked).

    It marks a refused request, so the audit records that attempt as a lockout only, not also as a
    wrong password (the password was never checked).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            request.refused_while_locked = True
            raise
