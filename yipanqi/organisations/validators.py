"""Input rules for the organisation registry: names, division codes (统计用区划代码), USCC (GB 32100)."""

import re

from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid
from yipanqi.core.text import require_visible
from yipanqi.organisations.choices import AREA_PARENT_KIND, AreaKind

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CODE_LENGTH = {AreaKind.DISTRICT: 6, AreaKind.TOWN: 12, AreaKind.COMMUNITY: 12, AreaKind.GRID: 15}


def validate_name(name: str) -> None:
    if not name or not name.strip() or len(name) > 150:
        raise Invalid(
            _("A name is required (at most 150 characters)."),
            code="bad_name",
            fields={"name": [_("A name is required (at most 150 characters).")]},
        )
    require_visible(name, field="name")


def expected_code_length(kind: str) -> int:
    return _CODE_LENGTH[AreaKind(kind)]


def validate_area(*, parent, name: str, code: str, kind: str) -> None:
    validate_name(name)
    if kind not in AreaKind.values:
        raise Invalid(_("Unknown area kind."), code="bad_kind")
    if AREA_PARENT_KIND[AreaKind(kind)] != (parent.kind if parent else None):
        raise Invalid(
            _("An area of this kind cannot be placed under that parent."), code="bad_parent"
        )
    if not re.fullmatch(r"\d+", code or "") or len(code) != expected_code_length(kind):
        message = _("The division code must have %(n)d digits.") % {"n": expected_code_length(kind)}
        raise Invalid(message, code="bad_code", fields={"code": [message]})
    if parent is not None and not code.startswith(parent.code[: _prefix_length(kind)]):
        message = _("The code must start with the parent's code.")
        raise Invalid(message, code="bad_code", fields={"code": [message]})
    if not _fits_level(code, kind):
        message = _("The division code does not fit this level of the tree.")
        raise Invalid(message, code="bad_code", fields={"code": [message]})
    from yipanqi.organisations.models import Area

    if Area.objects.filter(code=code).exists():
        message = _("This division code is already in use.")
        raise Invalid(message, code="duplicate_code", fields={"code": [message]})


def _fits_level(code: str, kind: str) -> bool:
    """Digits 7–9 number the town, 10–12 the community (a town's are 000), 13–15 the grid."""
    if kind == AreaKind.TOWN:
        return code[6:9] != "000" and code[9:12] == "000"
    if kind == AreaKind.COMMUNITY:
        return code[9:12] != "000"
    if kind == AreaKind.GRID:
        return code[12:15] != "000"
    return True


def _prefix_length(kind: str) -> int:
    return {AreaKind.TOWN: 6, AreaKind.COMMUNITY: 9, AreaKind.GRID: 12}.get(AreaKind(kind), 0)


def is_valid_credit_code(code: str) -> bool:
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code) or not code[2:8].isdigit():
        return False
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(code[:17], USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


def validate_credit_code(code: str) -> None:
    if not is_valid_credit_code(code):
        message = _("Not a valid unified social credit code.")
        raise Invalid(message, code="bad_credit_code", fields={"credit_code": [message]})
