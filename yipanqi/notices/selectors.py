"""Reads of notices, each starting from the user's scope (`for_user`): the notices one manages,
one's inbox, one receipt, the live response board (rates by area and by party organisation,
who has not answered) over the receipts the reader's scope reaches."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from yipanqi.core.pii import mask_name
from yipanqi.notices.choices import NoticeStatus, Place
from yipanqi.notices.models import Notice, NoticeAttachment, NoticeRecipient
from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.people.models import PartyMember


def notice_list(*, user: Any, status: str = "", kind: str = "") -> QuerySet[Notice]:
    rows = Notice.objects.for_user(user).select_related("area", "created_by")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-created_at", "-id")


def notice_area(*, area_id: int) -> Area | None:
    """The area a notice is drafted for, by id: whether the drafter may send for it is the
    action's check (`can_send_for`), so this lookup is not scoped."""
    return Area.objects.filter(pk=area_id).first()


def notice_get(*, user: Any, notice_id: int) -> Notice:
    return Notice.objects.for_user(user).select_related("area", "created_by").get(pk=notice_id)


def notice_events(*, notice: Notice) -> QuerySet[Any]:
    """The history of a notice the caller has read in scope."""
    return notice.events.select_related("actor").order_by("created_at", "id")


def _receipts(user: Any, action: str = "view") -> QuerySet[NoticeRecipient]:
    return NoticeRecipient.objects.for_user(user, action).select_related("notice", "notice__area")


def inbox(*, user: Any, unread: bool = False) -> QuerySet[NoticeRecipient]:
    """我的通知: the receipts of notices sent to the user (never drafts), newest first."""
    rows = _receipts(user).filter(user=user).exclude(notice__status=NoticeStatus.DRAFT)
    rows = rows.prefetch_related("notice__attachments")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.order_by("-notice__sent_at", "-id")


def unread_count(*, user: Any) -> int:
    return inbox(user=user, unread=True).count()


def receipt_get(*, user: Any, recipient_id: int, action: str = "view") -> NoticeRecipient:
    """One receipt the user reaches: their own (to read and answer), or one of their scope."""
    return _receipts(user, action).get(pk=recipient_id)


def receipt_rows(*, user: Any, notice: Notice) -> QuerySet[NoticeRecipient]:
    """The receipts of a notice the reader's scope reaches (the board and its export)."""
    return (
        NoticeRecipient.objects.for_user(user)
        .filter(notice=notice)
        .select_related("area", "branch")
        .order_by("scope_path", "id")
    )


def unanswered(*, user: Any, notice: Notice) -> QuerySet[NoticeRecipient]:
    """Who has not answered yet (not read, or no reply where one is asked), in the reader's scope."""
    pending = Q(read_at__isnull=True)
    if notice.expects_reply:
        pending |= Q(replied_at__isnull=True)
    return receipt_rows(user=user, notice=notice).filter(pending)


@dataclass
class Rates:
    label: str
    total: int
    read: int
    replied: int
    accepted: int = 0
    waitlisted: int = 0

    @property
    def read_rate(self) -> float:
        return self.read / self.total if self.total else 0.0

    @property
    def reply_rate(self) -> float:
        return self.replied / self.total if self.total else 0.0

    @property
    def read_percent(self) -> str:
        return f"{self.read_rate * 100:.1f}%"

    @property
    def reply_percent(self) -> str:
        return f"{self.reply_rate * 100:.1f}%"


COUNTS = {
    "total": Count("pk"),
    "read": Count("pk", filter=Q(read_at__isnull=False)),
    "replied": Count("pk", filter=Q(replied_at__isnull=False)),
    "accepted": Count("pk", filter=Q(place=Place.ACCEPTED)),
    "waitlisted": Count("pk", filter=Q(place=Place.WAITLISTED)),
}


@dataclass
class Board:
    overall: Rates
    by_area: list[Rates]
    by_organisation: list[Rates]
    options: list[tuple[str, int]]


def board(*, user: Any, notice: Notice) -> Board:
    """The live response board in five queries: overall, per area one level below the sending
    area, per party organisation, reply options, and the names of the areas."""
    rows = NoticeRecipient.objects.for_user(user).filter(notice=notice)
    overall = Rates(str(notice.area), **rows.aggregate(**COUNTS))
    step = Area.steplen
    depth = len(notice.area.path) + step
    from django.db.models.functions import Substr

    per_area = list(
        rows.annotate(part=Substr("scope_path", 1, depth))
        .values("part").annotate(**COUNTS).order_by("part")
    )  # fmt: skip
    names = dict(
        Area.objects.filter(path__in=[r["part"] for r in per_area]).values_list("path", "name")
    )
    by_area = [Rates(names.get(r.pop("part"), str(notice.area)), **r) for r in per_area]
    per_org = list(rows.values("branch_id").annotate(**COUNTS).order_by("branch_id"))
    orgs = dict(
        PartyOrganisation.objects.filter(
            pk__in=[r["branch_id"] for r in per_org if r["branch_id"]]
        ).values_list("pk", "name")
    )
    outside = gettext("Not in a party organisation")  # residents who are not members
    by_org = [Rates(orgs.get(r.pop("branch_id"), outside), **r) for r in per_org]
    chosen = dict(
        rows.filter(reply_option__isnull=False)
        .values_list("reply_option").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    options = [(text, chosen.get(i, 0)) for i, text in enumerate(notice.options)]
    return Board(overall, by_area, sorted(by_org, key=lambda r: -r.total), options)


def progress(*, notice: Notice) -> int:
    """Receipt rows written so far (a notice being sent by the worker)."""
    return NoticeRecipient.objects.filter(notice=notice).count()


def own_receipt(*, user: Any, recipient_id: int) -> NoticeRecipient:
    """A receipt of the user's own (to read and answer): the `self` reach alone gives "reply"."""
    return receipt_get(user=user, recipient_id=recipient_id, action="reply")


def attachments(*, notice: Notice) -> QuerySet[NoticeAttachment]:
    """The files of a notice the caller has read in scope (or through their own receipt)."""
    return NoticeAttachment.objects.filter(notice=notice).order_by("id")


def attachment_get(*, user: Any, notice_id: int, attachment_id: int) -> NoticeAttachment:
    """A file of a notice in the user's scope (the sender's side)."""
    notice = notice_get(user=user, notice_id=notice_id)
    return attachments(notice=notice).select_related("notice").get(pk=attachment_id)


def receipt_attachment_get(*, user: Any, recipient_id: int, attachment_id: int) -> NoticeAttachment:
    """A file of a notice sent to the user: through their own receipt only (drafts have none)."""
    recipient = own_receipt(user=user, recipient_id=recipient_id)
    return attachments(notice=recipient.notice).select_related("notice").get(pk=attachment_id)


@dataclass(frozen=True)
class PickedPerson:
    """A person offered to a notice's sender (named people): masked name, area, member or not."""

    pk: int
    name: str
    area: str
    member: bool


PICK_LIMIT = 20


def _picked(rows: Any) -> list[PickedPerson]:
    return [PickedPerson(r.pk, mask_name(r.name), r.area.name, r.is_member) for r in rows]


def people_pick(*, user: Any, areas: list[Area], q: str) -> list[PickedPerson]:
    """Named people for a notice (指定人员): a name, initials or address search through the people
    app's selector (its scope), under the areas the sender sends for; names masked. A full ID
    number or mobile finds nobody here (that search is audited on the people pages)."""
    from yipanqi.people.selectors import exact_query, person_list

    q = (q or "").strip()[:50]
    if len(q) < 1 or exact_query(q) is not None or not areas:
        return []
    under = Q()
    for area in areas:
        under |= Q(scope_path__startswith=area.path)
    rows = (
        person_list(user=user, q=q)
        .filter(under)
        .annotate(is_member=Exists(PartyMember.objects.filter(person=OuterRef("pk"))))
    )
    return _picked(rows[:PICK_LIMIT])


def people_named(*, user: Any, areas: list[Area], ids: list[int]) -> list[PickedPerson]:
    """The people already chosen (the form shown again), masked, as the picker shows them."""
    from yipanqi.people.selectors import person_list

    if not ids or not areas:
        return []
    under = Q()
    for area in areas:
        under |= Q(scope_path__startswith=area.path)
    rows = (
        person_list(user=user)
        .filter(under, pk__in=ids[:200])
        .annotate(is_member=Exists(PartyMember.objects.filter(person=OuterRef("pk"))))
    )
    return _picked(rows)
