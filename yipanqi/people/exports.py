"""Resident list export (导出): the filtered list as XLSX, masked, formula-safe and audited."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, exports, pii, replica
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.params import id_param
from yipanqi.organisations.permissions import active_grants
from yipanqi.people import permissions, selectors
from yipanqi.people.actions import person_search_exact
from yipanqi.people.choices import PoliticalStatus, Sex
from yipanqi.people.models import ADMINS, Household

MAX_ROWS = 100_000
HEADERS = (
    "姓名", "性别", "年龄", "公民身份号码", "手机号码", "民族", "政治面貌",
    "网格", "地址", "户标签", "备注",
)  # fmt: skip
_SEX = {Sex.MALE: "男", Sex.FEMALE: "女"}
_POLITICAL = {
    PoliticalStatus.PARTY_MEMBER: "中共党员",
    PoliticalStatus.PROBATIONARY: "中共预备党员",
    PoliticalStatus.LEAGUE_MEMBER: "共青团员",
    PoliticalStatus.OTHER_PARTY: "民主党派",
    PoliticalStatus.MASSES: "群众",
}


def filters_from_params(params: Any) -> dict[str, Any]:
    """The person list page's query parameters (q, tag…, household, area) as selector filters."""
    return {
        "q": (params.get("q") or "").strip(),
        "tags": [t for t in params.getlist("tag") if t],
        "household_id": id_param(params, "household"),
        "area_id": id_param(params, "area"),
    }


def _age(birth: datetime.date, today: datetime.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _tag_names(people) -> dict[int, str]:
    links = Household.tags.through.objects.filter(
        household_id__in=people.exclude(household=None).values("household_id")
    ).values_list("household_id", "householdtag__name")
    names: dict[int, list[str]] = {}
    for household_id, name in links.order_by("householdtag__order", "householdtag__code"):
        names.setdefault(household_id, []).append(name)
    return {k: "、".join(v) for k, v in names.items()}


def _rows(people, today: datetime.date):
    tags = _tag_names(people)
    fields = (
        "name", "sex", "birth_date", "id_number_masked", "phone_masked", "ethnicity",
        "political_status", "area__name", "household__address", "household_id", "notes",
    )  # fmt: skip
    for p in people.values(*fields).iterator(chunk_size=2000):
        yield [
            p["name"],
            _SEX.get(p["sex"], ""),
            _age(p["birth_date"], today),
            p["id_number_masked"],
            p["phone_masked"],
            p["ethnicity"],
            _POLITICAL.get(p["political_status"], ""),
            p["area__name"],
            p["household__address"] or "",
            tags.get(p["household_id"], ""),
            pii.mask_free_text(p["notes"]),
        ]


@dataclass(frozen=True)
class Export:
    content: bytes
    file_name: str
    rows: int


def _workbook(*, user: Any, filters: dict[str, Any], today: datetime.date) -> tuple[bytes, int]:
    """The workbook and its row count: reads only, so it may run on the replica."""
    people = selectors.person_list(user=user, **filters)
    count = people.count()
    if count > MAX_ROWS:
        raise Invalid(
            _("%(count)s residents match; an export holds at most %(max)s. Narrow the filters.")
            % {"count": count, "max": MAX_ROWS},
            code="export_too_large",
        )
    return exports.xlsx_bytes(HEADERS, _rows(people, today), sheet="居民"), count


def can_export_people(user: Any) -> bool:
    """Exports are for administrators (the list page offers them only to them)."""
    return any(g.role in ADMINS for g in active_grants(user))


@transaction.atomic
def person_export(*, user: Any, filters: dict[str, Any]) -> Export:
    """Export the residents the list page would show the user (masked values only), audited."""
    if not can_export_people(user):
        raise Forbidden()
    exact = selectors.exact_query(filters.get("q", ""))
    if exact is not None:  # a full number is a search like any other: audited and rate-limited
        person_search_exact(field=exact.field, masked=exact.masked, actor=user)
    today = timezone.localdate()
    content, count = replica.on_replica(_workbook, user=user, filters=filters, today=today)
    scope_path, district_code = permissions.audit_scope(user)
    audit.record(
        actor=user,
        action="people.person.exported",
        data={"filters": {**filters, "q": pii.mask_free_text(filters.get("q", ""))}, "rows": count},
        scope_path=scope_path,
        district_code=district_code,
    )
    return Export(content, f"residents-{today:%Y%m%d}.xlsx", count)
