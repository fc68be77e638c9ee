from django.db.models import QuerySet
from django.utils import timezone

from yipanqi.accounts.models import ApiToken, User


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()


def user_get(*, user_id: int) -> User | None:
    return User.objects.filter(pk=user_id).first()


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens still in force, newest first (another user's are never listed)."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at", "-id")


def token_get(*, user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens (revoked or expired included); None for anyone else's."""
    return ApiToken.objects.filter(user=user, pk=token_id).first()
