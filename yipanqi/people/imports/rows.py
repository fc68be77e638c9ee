"""Checking import rows (逐行校验). Reports are written in Chinese, like the template's headers,
and name the row as the spreadsheet shows it (the header is row 1)."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from yipanqi.core import pii
from yipanqi.core.errors import Invalid
from yipanqi.core.pii import mask_free_text
from yipanqi.core.text import code_points, hidden_characters
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people import permissions
from yipanqi.people.actions import ID_CONTEXT
from yipanqi.people.choices import DEFAULT_HOUSEHOLD_TAGS, PoliticalStatus
from yipanqi.people.models import Household, HouseholdTag, Person
from yipanqi.people.validators import check_character, normalise_phone, parse_id_number


# Template columns in order: (header, attribute, max length, required). Lengths of stored fields
# are the models' own, so an import refuses exactly what a form or the API refuses.
def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


COLUMNS = (
    ("网格编码", "grid_code", 15, True),
    ("楼幢", "building", _limit(Household, "building"), True),
    ("单元", "unit_no", _limit(Household, "unit_no"), False),
    ("室", "room", _limit(Household, "room"), True),
    ("姓名", "name", _limit(Person, "name"), True),
    ("公民身份号码", "id_number", 18, True),
    ("手机号码", "phone", 20, False),
    ("民族", "ethnicity", _limit(Person, "ethnicity"), False),
    ("政治面貌", "political_status", 100, False),  # checked against the list instead
    ("户标签", "tags", 200, False),
    ("备注", "notes", _limit(Person, "notes"), False),
)
HEADERS = tuple(c[0] for c in COLUMNS)
POLITICAL = {
    "中共党员": PoliticalStatus.PARTY_MEMBER,
    "党员": PoliticalStatus.PARTY_MEMBER,
    "中共预备党员": PoliticalStatus.PROBATIONARY,
    "预备党员": PoliticalStatus.PROBATIONARY,
    "共青团员": PoliticalStatus.LEAGUE_MEMBER,
    "团员": PoliticalStatus.LEAGUE_MEMBER,
    "民主党派": PoliticalStatus.OTHER_PARTY,
    "群众": PoliticalStatus.MASSES,
    "": PoliticalStatus.MASSES,
}
POLITICAL_CHOICES = "中共党员、中共预备党员、共青团员、民主党派、群众"
_TAG_SEPARATORS = re.compile(r"[,，、;；\s]+")
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


def error(row: int | None, header: str, message: str) -> dict:
    """One report entry; messages may quote a cell, so numbers typed into it are masked."""
    return {"row": row, "field": header, "message": mask_free_text(message)}


def header_errors(cells: list[str]) -> list[dict]:
    present = [c.strip().lstrip("\ufeff") for c in cells]
    missing = [h for h in HEADERS if h not in present]
    twice = sorted({h for h in HEADERS if present.count(h) > 1})
    errors = [error(1, h, "缺少此列，请使用下载的模板") for h in missing]
    return errors + [error(1, h, "此列出现了不止一次") for h in twice]


def header_index(cells: list[str]) -> dict[str, int]:
    present = [c.strip().lstrip("\ufeff") for c in cells]
    return {h: present.index(h) for h in HEADERS}


def id_number_reason(number: str) -> str:
    """Why `parse_id_number` refused a number, in Chinese (its checks, in its order)."""
    if not _ID_SHAPE.match(number):
        return "格式错误：应为 17 位数字加 1 位数字或 X"
    if check_character(number[:17]) != number[17] and _real_date(number[6:14]):
        return "校验位错误"
    return "号码中的出生日期无效"


def _real_date(text: str) -> bool:
    try:
        datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


@dataclass
class ParsedRow:
    """One checked row, ready to be written."""

    number: int
    grid: Area
    values: dict[str, str]
    id_number: str
    id_digest: str
    phone: str
    political_status: str
    tags: list[str]  # tag names
    birth_date: datetime.date
    sex: str

    @property
    def household_key(self) -> tuple:
        v = self.values
        return (self.grid.pk, v["building"], v["unit_no"], v["room"])


def _grid_lookup(community: Area, uploader) -> dict[str, Area | str]:
    """Grid code → grid, or the reason it cannot be used (another community, outside one's scope)."""
    lookup: dict[str, Area | str] = {}
    today = timezone.localdate()
    for grid in Area.objects.filter(kind=AreaKind.GRID, district_code=community.district_code):
        if not grid.path.startswith(community.path):
            lookup[grid.code] = f"该网格不属于{community.name}"
        elif grid.valid_to is not None and grid.valid_to < today:
            lookup[grid.code] = "该网格已撤销"
        elif not permissions.can_change_in(uploader, grid.path):
            lookup[grid.code] = "您无权向该网格导入"
        else:
            lookup[grid.code] = grid
    return lookup


def known_tag_names(district_code: str) -> set[str]:
    """The district's tags; until a district configures its own, the default list applies."""
    names = set(
        HouseholdTag.objects.filter(district_code=district_code).values_list("name", flat=True)
    )
    return names or {name for _code, name in DEFAULT_HOUSEHOLD_TAGS}


class RowChecker:
    """Checks rows one by one; duplicates within the file are found as rows arrive."""

    def __init__(self, *, community: Area, uploader):
        self.community = community
        self.grids = _grid_lookup(community, uploader)
        self.tag_names = known_tag_names(community.district_code)
        self.seen: dict[str, int] = {}  # ID digest → first row number
        self.today = timezone.localdate()

    def check(self, number: int, cells: list[str], index: dict[str, int]) -> tuple:
        """(ParsedRow or None, errors, ID digest) for one row."""
        values = {attr: cell(cells, index[h]) for h, attr, _m, _r in COLUMNS}
        errors = self._presence(number, values) + self._visible(number, values)
        grid = self._grid(number, values["grid_code"], errors)
        facts, digest = self._id_number(number, values["id_number"], errors)
        phone = self._phone(number, values["phone"], errors)
        political = self._political(number, values["political_status"], errors)
        tags = self._tags(number, values["tags"], errors)
        if errors or grid is None or facts is None:
            return None, errors, digest
        row = ParsedRow(
            number, grid, values, facts.number, digest, phone, political, tags,
            facts.birth_date, facts.sex,
        )  # fmt: skip
        return row, [], digest

    def _presence(self, number: int, values: dict[str, str]) -> list[dict]:
        errors = []
        for header, attr, max_length, required in COLUMNS:
            if required and not values[attr]:
                errors.append(error(number, header, f"{header}不能为空"))
            elif len(values[attr]) > max_length:
                errors.append(error(number, header, f"超过 {max_length} 个字符"))
        return errors

    def _visible(self, number: int, values: dict[str, str]) -> list[dict]:
        """A name shows every character it holds: no direction overrides, no zero-width marks."""
        hidden = hidden_characters(values["name"])
        if not hidden:
            return []
        return [
            error(
                number, "姓名", f"含有不可见字符或文字方向控制符（{code_points(hidden)}），请删除"
            )
        ]

    def _grid(self, number: int, code: str, errors: list) -> Area | None:
        found = self.grids.get(code)
        if isinstance(found, Area):
            return found
        if code:
            errors.append(error(number, "网格编码", found or "网格编码不存在"))
        return None

    def _id_number(self, number: int, value: str, errors: list) -> tuple:
        """(facts, digest) of a valid number, else (None, ""); repeats in the file are errors."""
        text = value.lstrip("'").upper()
        try:
            facts = parse_id_number(text, today=self.today) if text else None
        except Invalid:
            errors.append(error(number, "公民身份号码", id_number_reason(text)))
            return None, ""
        if facts is None:
            return None, ""
        digest = pii.digest(facts.number, context=ID_CONTEXT)
        first = self.seen.setdefault(digest, number)
        if first != number:
            errors.append(error(number, "公民身份号码", f"与第 {first} 行重复"))
        return facts, digest

    def _phone(self, number: int, value: str, errors: list) -> str:
        if not value:
            return ""
        try:
            return normalise_phone(value.lstrip("'"))
        except Invalid:
            errors.append(error(number, "手机号码", "手机号码格式错误：应为 11 位，以 13–19 开头"))
            return ""

    def _political(self, number: int, value: str, errors: list) -> str:
        if value in POLITICAL:
            return POLITICAL[value]
        errors.append(error(number, "政治面貌", f"无法识别“{value}”，可填：{POLITICAL_CHOICES}"))
        return ""

    def _tags(self, number: int, value: str, errors: list) -> list[str]:
        names = [n for n in _TAG_SEPARATORS.split(value) if n]
        unknown = [n for n in names if n not in self.tag_names]
        if unknown:
            errors.append(error(number, "户标签", f"未知的户标签：{'、'.join(unknown)}"))
        return list(dict.fromkeys(names))

    def registered(self, digests: set[str]) -> set[str]:
        """Those of `digests` already registered in the district."""
        return set(
            Person.objects.filter(
                district_code=self.community.district_code, id_number_digest__in=digests
            ).values_list("id_number_digest", flat=True)
        )


def cell(cells: list[str], position: int) -> str:
    return cells[position].strip() if position < len(cells) else ""
