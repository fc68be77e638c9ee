from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yipanqi.core.models import ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.privacy.choices import RequestKind, RequestStatus
from yipanqi.privacy.permissions import HANDLER_ROLES


class DataRequest(ScopedModel):
    """A person's request about their own personal information (个人信息权利请求, PIPL arts.
    44-47): a full copy, a correction, a deletion; answered by the staff over their grid within
    the policy's days."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="data_requests",
        verbose_name=_("requester"),
    )
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    details = models.TextField(_("details"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    due_on = models.DateField(_("due on"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=1000, blank=True)

    scope_policy = {"view": HANDLER_ROLES, "handle": HANDLER_ROLES}
    scope_reach = (Reach("requester", lambda u: Q(requester=u), actions=("view",)),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal information request")
        verbose_name_plural = _("personal information requests")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["scope_path", "status", "due_on"], name="data_request_queue")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Consent(models.Model):
    """A person's consent to one purpose of the processing register (R-PI-6), given to one
    version of its notice; withdrawing it ends it (the row stays, as proof of what was agreed and
    when). At most one consent per person and purpose is in force. Written only by the privacy
    actions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("person"),
    )
    purpose = models.CharField(_("purpose"), max_length=40)  # an activity key of the register
    notice_version = models.PositiveIntegerField(_("notice version"))
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    scoped = "the person's own: read only by the person it belongs to (selectors.my_consents)"

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["purpose", "-given_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="privacy_one_consent_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.notice_version}"
