"""Base models: timestamps, the scoped-row contract, and the append-only audit log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yipanqi.core.scope import Reach


class BaseModel(models.Model):
    """Every table's timestamps."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scoped: bool | str = False

    class Meta:
        abstract = True


class ScopedQuerySetMixin:
    def for_user(self, user, action: str = "view"):
        """The only way request code reads scoped rows: rows inside the user's granted subtrees,
        and those the model's declared reach (`scope_reach`) gives this user, in one filter."""
        from yipanqi.core.scope import restrict

        return restrict(self, user, action)


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


class ScopedModel(BaseModel):
    """A row that belongs to one place in the area tree (数据权限).

    `scope_path` is the materialised path of the area the row belongs to; `district_code` is the
    tenant key. Both are set by actions from the owning area, never by hand.
    """

    scope_path = models.CharField(_("scope path"), max_length=255, db_index=True, editable=False)
    district_code = models.CharField(_("district"), max_length=6, db_index=True, editable=False)

    scoped = True
    # action -> roles allowed; subclasses narrow this. Empty means nobody (fail closed).
    scope_policy: dict[str, frozenset[str]] = {}
    # The other ways a person reaches a row (core.scope.Reach): ORed into the same filter.
    scope_reach: tuple[Reach, ...] = ()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def place_in(self, area) -> None:
        """Copy the owning area's scope onto this row (called by actions before saving)."""
        self.scope_path = area.scope_path
        self.district_code = area.district_code


AUDIT_VIEW_ROLES = frozenset({"auditor", "audit_admin"})
# Who is offered the API documentation: the staff who connect other systems to the platform or
# take data out of it — the area administrators (district, town/street, community), the
# platform's three administrators and the auditors. Residents, party members, grid workers,
# unit liaisons, social-organisation staff and five-role officers work in the pages only.
API_DOC_ROLES = AUDIT_VIEW_ROLES | {
    "district_admin",
    "town_admin",
    "community_admin",
    "system_admin",
    "security_admin",
}


class StoredPhoto(ScopedModel):
    """A photo kept by `core.uploads` under MEDIA_ROOT (outside the web root, metadata stripped),
    read only through the row it belongs to; each app adds its link (order, incident, venue …)."""

    stored_path = models.CharField(max_length=300, editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """An append-only, hash-chained record of one action (审计日志)."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    scope_path = models.CharField(max_length=255, db_index=True, blank=True)
    district_code = models.CharField(max_length=6, db_index=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    scoped = True
    append_only = True  # database triggers refuse UPDATE and DELETE; history keeps its scope
    scope_policy = {"view": AUDIT_VIEW_ROLES}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["scope_path", "-created_at"], name="audit_scope_time"),
            # a username's events of one kind (audit.seen_since: refusals while locked)
            models.Index(
                fields=["actor_username", "action", "-created_at"], name="audit_actor_action"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} {self.target_repr}"


class RowChange(models.Model):
    """One row changed by an UPDATE or removed by a DELETE (数据变更记录), before and after, written
    by the database's own triggers (core.row_changes): bulk and raw SQL leave a trace too."""

    class Operation(models.TextChoices):
        UPDATE = "U", _("update")
        DELETE = "D", _("delete")

    table_name = models.CharField(_("table"), max_length=63)
    row_pk = models.CharField(_("row"), max_length=64)
    operation = models.CharField(_("operation"), max_length=1, choices=Operation.choices)
    changed_at = models.DateTimeField(_("time"), db_default=Now(), db_index=True)
    old = models.JSONField(_("before"))  # the whole row, as stored (ciphertexts stay ciphertexts)
    new = models.JSONField(_("after"), null=True)  # null for a delete
    txid = models.BigIntegerField(_("transaction"), null=True)  # PostgreSQL's; null on SQLite
    # The Redaction's reason when the change erased personal data: then `old` and `new` name the
    # changed columns only, each mapped to null ("" for an ordinary change).
    redacted = models.CharField(_("redacted"), max_length=63, blank=True, db_default="")

    scoped = "a database-level trail of every table, read by auditors with database access"
    append_only = True  # database triggers refuse UPDATE and DELETE

    class Meta:
        ordering = ["-id"]
        verbose_name = _("row change")
        verbose_name_plural = _("row changes")
        indexes = [models.Index(fields=["table_name", "row_pk"], name="row_change_row")]

    def __str__(self) -> str:
        return f"{self.table_name} {self.row_pk} {self.operation}"


class Redaction(models.Model):
    """A transaction erasing personal data (数据变更脱敏标记): while its row exists, the capture
    triggers record which columns changed but not their values (core.row_changes.redacting)."""

    reason = models.CharField(_("reason"), max_length=63)  # the audit action of the same job
    txid = models.BigIntegerField(_("transaction"), null=True)  # set by PostgreSQL's trigger
    started_at = models.DateTimeField(_("time"), db_default=Now())

    scoped = "a marker that lives only inside the transaction that erases"

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")
        # An empty reason would mean "not redacted" in RowChange.redacted.
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="redaction_has_reason")]

    def __str__(self) -> str:
        return f"{self.reason} {self.txid or ''}".strip()


class PersonalDataAccess(models.Model):
    """One unmasking of a sensitive field (敏感个人信息查看记录): who, whose, which field, why, when."""

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.CharField(_("subject id"), max_length=64)
    subject_repr = models.CharField(_("subject"), max_length=100)
    field = models.CharField(_("field"), max_length=40)
    purpose = models.CharField(_("purpose"), max_length=200)
    request_id = models.CharField(max_length=64, blank=True)
    scope_path = models.CharField(max_length=255, db_index=True)
    district_code = models.CharField(max_length=6, db_index=True)

    scoped = True
    append_only = True
    scope_policy = {"view": AUDIT_VIEW_ROLES}
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.actor_id} {self.field} {self.subject_repr}"


class PolicySetting(models.Model):
    """A district's override of a declared policy (政策参数), e.g. order deadlines or point values."""

    district_code = models.CharField(max_length=6)
    key = models.CharField(max_length=100)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    scoped = "district configuration, read by actions; changed only through core.actions.policy_set"

    class Meta:
        verbose_name = _("policy setting")
        verbose_name_plural = _("policy settings")
        constraints = [
            models.UniqueConstraint(fields=["district_code", "key"], name="policy_setting_unique")
        ]

    def __str__(self) -> str:
        return f"{self.district_code} {self.key}"


class Notification(models.Model):
    """A message in a user's in-app inbox (站内消息); other channels (SMS, WeChat) are backends."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("body"), max_length=1000, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    topic = models.CharField(
        max_length=120, blank=True
    )  # e.g. "orders.serviceorder:42:escalated:2"
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    scoped = "an inbox belongs to its user; read only through notifications_for(user)"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_inbox")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=~models.Q(topic=""),
                name="notification_once_per_topic",
            )
        ]

    def __str__(self) -> str:
        return self.title
