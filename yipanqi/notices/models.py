"""Notices (一呼百应): a notice to an audience resolved to recipients when it is sent and kept,
one receipt row per recipient (read, reply, place), and the notice's history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yipanqi.core.models import BaseModel, ScopedModel, ScopedQuerySet
from yipanqi.core.scope import Reach
from yipanqi.notices.choices import NoticeKind, NoticeStatus, Place
from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.people.models import Person

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
READERS = ADMINS | frozenset({"auditor"})
NOTICE_POLICY = {"view": READERS, "change": ADMINS}
# A recipient answers only their own receipt: "reply" is given by the `self` reach alone.
RECIPIENT_POLICY = {"view": READERS, "reply": frozenset()}


class Notice(ScopedModel):
    """A notice (通知 / 一呼百应) sent by an organisation (the area it speaks for) to an audience.

    `audience` keeps how the sender chose (kind, ids or codes, members only); the people it
    reached are the recipient rows written when it was sent, kept even if they move later.
    """

    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    title = models.CharField(pgettext_lazy("notices", "title"), max_length=150)
    body = models.TextField(_("text"), max_length=4000)
    kind = models.CharField(
        pgettext_lazy("notices", "kind"), max_length=12, choices=NoticeKind.choices
    )
    options = models.JSONField(_("reply options"), default=list, blank=True)
    free_reply = models.BooleanField(_("free reply allowed"), default=False)
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    audience = models.JSONField(_("audience"), default=dict)
    audience_label = models.CharField(_("audience"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    closed_at = models.DateTimeField(pgettext_lazy("notices", "closed at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope_policy = NOTICE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["scope_path", "status"], name="notice_scope_status"),
            models.Index(fields=["status", "deadline"], name="notice_status_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__isnull=True) | Q(places__gte=1), name="notice_places_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:notice_detail", args=[self.pk])

    @property
    def expects_reply(self) -> bool:
        return bool(self.options) or self.free_reply


class NoticeRecipient(ScopedModel):
    """One person a notice reached (回执): scoped to where they were when it was sent, so a
    sender's board counts only their own area. Read, reply and place live on this one row."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(pgettext_lazy("notices", "name"), max_length=50)  # as when sent
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(
        PartyOrganisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reply_option = models.PositiveSmallIntegerField(_("reply"), null=True, blank=True)
    reply_text = models.CharField(_("reply text"), max_length=500, blank=True)
    place = models.CharField(
        pgettext_lazy("notices", "place"), max_length=10, choices=Place.choices, blank=True
    )
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    scope_policy = RECIPIENT_POLICY
    scope_reach = (Reach("self", lambda u: Q(user=u), frozenset({"view", "reply"})),)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        ordering = ["notice_id", "id"]
        indexes = [
            models.Index(fields=["user", "notice"], name="recipient_user_notice"),
            models.Index(fields=["notice", "scope_path"], name="recipient_notice_scope"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "person"],
                condition=Q(person__isnull=False),
                name="recipient_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["notice", "user"],
                condition=Q(user__isnull=False),
                name="recipient_once_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} → {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("notices:inbox_detail", args=[self.pk])


class NoticeEvent(ScopedModel):
    """One step in a notice's history (通知流转记录)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=NoticeStatus.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_policy = NOTICE_POLICY
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("notice event")
        verbose_name_plural = _("notice events")

    def __str__(self) -> str:
        return f"{self.notice_id} {self.kind}"


class NoticeAttachment(BaseModel):
    """A file sent with a notice (附件): a photo or PDF, stored outside the web root under a fresh
    name, added and removed while the notice is a draft, served only through a view that reads
    the notice in the reader's scope or the reader's own receipt of it."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(pgettext_lazy("notices", "file name"), max_length=100)
    stored_path = models.CharField(max_length=200, editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scoped = "part of its notice: read through the notice (for_user) or one's own receipt"

    class Meta:
        ordering = ["notice_id", "id"]
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")

    def __str__(self) -> str:
        return self.name
