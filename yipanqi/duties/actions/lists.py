"""Responsibility lists (责任清单): a list per organisation and year, set by the level above (the
next year's starts as a copy of this year's), items added or changed, and progress marked by the
organisation itself with evidence files."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.duties import evidence_files
from yipanqi.duties import permissions as perms
from yipanqi.duties.actions._common import clean, refuse
from yipanqi.duties.choices import Progress
from yipanqi.duties.models import DutyEvidence, DutyItem, DutyList
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

LIST_KINDS = (AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.COMMUNITY)


@transaction.atomic
def duty_list_create(*, area: Area, year: int, actor: Actor) -> DutyList:
    """A year's list for an organisation; it starts as a copy of the previous year's items."""
    require_permission(actor, perms.can_set_list, area)
    if area.kind not in LIST_KINDS:
        raise refuse(
            _("Lists are kept for the district, towns and communities."), "bad_area", "area"
        )
    if not 2000 <= year <= 2100:
        raise refuse(_("Enter a year from 2000 to 2100."), "bad_year", "year")
    if DutyList.objects.filter(area=area, year=year).exists():
        raise Conflict(_("This organisation already has a list for that year."), code="list_exists")
    row = DutyList(area=area, year=year)
    row.place_in(area)
    row.save()
    previous = DutyList.objects.filter(area=area, year=year - 1).first()
    copied = _copy_items(previous, row) if previous else 0
    audit.record(actor=actor, action="duties.list.created", target=row,
                 changes=created(row, "area", "year"), data={"copied": copied})  # fmt: skip
    return row


def _copy_items(source: DutyList, target: DutyList) -> int:
    items = [
        DutyItem(duty_list=target, title=i.title, basis=i.basis, owner=i.owner,
                 indicators=i.indicators, order=i.order, scope_path=target.scope_path,
                 district_code=target.district_code)
        for i in source.items.all()
    ]  # fmt: skip
    DutyItem.objects.bulk_create(items)
    return len(items)


def _item_fields(title: str, basis: str, owner: str, indicators: str) -> dict[str, str]:
    if not title.strip():
        raise refuse(_("Give the item a title."), "title_required", "title")
    if not basis.strip():
        raise refuse(_("Name the document the item is based on."), "basis_required", "basis")
    if not owner.strip():
        raise refuse(_("Name who owns the item."), "owner_required", "owner")
    return {"title": clean(title, 150), "basis": clean(basis, 200), "owner": clean(owner, 100),
            "indicators": clean(indicators, 500)}  # fmt: skip


@transaction.atomic
def duty_item_add(
    *, duty_list: DutyList, title: str, basis: str, owner: str, indicators: str = "", actor: Actor
) -> DutyItem:
    duty_list = lock(duty_list, "area")
    require_permission(actor, perms.can_set_list, duty_list.area)
    fields = _item_fields(title, basis, owner, indicators)
    order = duty_list.items.count() + 1
    item = DutyItem(duty_list=duty_list, order=order, **fields)
    item.place_in(duty_list.area)
    item.save()
    audit.record(actor=actor, action="duties.item.added", target=item,
                 changes=created(item, "duty_list", "title", "basis", "owner", "indicators"))  # fmt: skip
    return item


@transaction.atomic
def duty_item_update(
    *, item: DutyItem, title: str, basis: str, owner: str, indicators: str = "", actor: Actor
) -> DutyItem:
    item = lock(item, "duty_list__area")
    require_permission(actor, perms.can_set_list, item.duty_list.area)
    edit = track(item, actor=actor)
    edit.set(version=item.version + 1, **_item_fields(title, basis, owner, indicators))
    edit.finish("duties.item.updated")
    return item


@transaction.atomic
def duty_item_progress(
    *, item: DutyItem, progress: str, note: str = "", actor: Actor, upload: Any = None
) -> DutyItem:
    """The organisation marks how far it has got, optionally with an evidence file."""
    item = lock(item, "duty_list")
    require_permission(actor, perms.can_mark_progress, item.duty_list)
    if progress not in Progress.values:
        raise refuse(_("Choose how far the item has got."), "bad_progress", "progress")
    if progress == Progress.DONE and not note.strip() and upload is None:
        message = _("Say what was done or attach evidence.")
        raise refuse(message, "evidence_required", "note")
    also = {}
    if upload is not None:
        content_type = evidence_files.FILES.check(upload)
        evidence = DutyEvidence.objects.create(
            item=item, stored_path=evidence_files.FILES.store(upload)[0], content_type=content_type,
            size=upload.size, uploaded_by=user_of(actor),
        )  # fmt: skip
        also["evidence"] = [None, evidence.pk]
    edit = track(item, actor=actor)
    edit.set(progress=progress, progress_note=clean(note, 500), version=item.version + 1)
    edit.finish("duties.item.progress", also=also)
    return item
