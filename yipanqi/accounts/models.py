import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    STAFF = "staff", _("Staff")  # 工作人员
    PUBLIC = "public", _("Resident or member")  # 居民 / 党员


class User(AbstractUser):
    """A person who signs in (用户). What they may see comes from their role grants."""

    kind = models.CharField(
        _("account kind"), max_length=10, choices=AccountKind.choices, default=AccountKind.STAFF
    )
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # 长辈模式: larger text and tap targets, higher contrast, a simpler home for residents.
    elder_mode = models.BooleanField(_("elder mode"), default=False)

    scoped = "accounts are global; what a user may see comes from organisations.RoleGrant"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_username_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_staff_account(self) -> bool:
        return self.kind == AccountKind.STAFF


def hash_key(key: str) -> str:
    """What is stored of a token key: its SHA-256 (the key itself is shown once, never kept)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiToken(models.Model):
    """An API bearer token (接口令牌); only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("client name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    # Written at most once a minute per token (actions.token_touch, on authentication).
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    scoped = "a token belongs to its user and is read only by the authentication class"

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"token of {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time recovery code for the second factor (备用验证码), for a lost phone; only its
    hash is stored (R-ID-8). Issued ten at a time when an authenticator is enrolled."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    scoped = "a recovery code belongs to its user and is read only by the verification step"

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id}"


def recovery_hash(user_id: int, code: str) -> str:
    """Codes are random (50 bits), so a keyed SHA-256 per user is enough to store them safely."""
    normalised = "".join(code.split()).replace("-", "").upper()
    return hash_key(f"{user_id}:{normalised}")
