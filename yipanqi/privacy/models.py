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
