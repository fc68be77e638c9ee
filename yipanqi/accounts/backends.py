import threading
from collections.abc import Iterator
from contextlib import contextmanager

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied


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


_checking: set[str] = set()  # addresses with a password check under way in this process
_checking_guard = threading.Lock()


@contextmanager
def address_slot(request) -> Iterator[bool]:
    """Whether this request may check a password now: one check at a time per address in this
    process. Failures are known only after their hashes, so a burst of guesses sent at once
    would all be hashed together before the lockout saw any of them."""
    address = getattr(request, "axes_ip_address", None) or ""
    with _checking_guard:
        free = address not in _checking
        if free:
            _checking.add(address)
    try:
        yield free
    finally:
        if free:
            with _checking_guard:
                _checking.discard(address)


class OneAtATimeBackend(ModelBackend):
    """Django's password check, one at a time per client address (R-ID-5, decision 033).

    The lockout lets an address fail a few times before it locks (policy), and those guesses are
    hashed. Sent all at once, they would hash on every core in parallel and starve everyone else's
    sign-in for seconds; one at a time, a guesser gets one thread's share at most. A request that
    finds its address busy is refused unheard, like a slowed username: no hash, not counted, and
    answered 429 `try_again` with `Retry-After: 1` (two people of one office behind one NAT
    address signing in within the same half second: the second one tries again).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return super().authenticate(request, username, password, **kwargs)
        with address_slot(request) as free:
            if not free:
                request.refused_while_locked = request.address_busy = True
                raise PermissionDenied
            return super().authenticate(request, username, password, **kwargs)
