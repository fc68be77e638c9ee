"""Data standards for people: 公民身份号码 (GB 11643-1999) and mainland mobile numbers."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class IdNumberFacts:
    number: str  # normalised: upper-case X
    birth_date: datetime.date
    sex: str  # "male" | "female"
    county_code: str  # may be a retired code such as 330283 (奉化市): never rejected for that


def check_character(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(value: str, *, today: datetime.date | None = None) -> IdNumberFacts:
    """Validate structure, birth date and the MOD 11-2 check character; return what the number says."""
    number = (value or "").strip().upper()
    if not _ID_SHAPE.match(number):
        raise Invalid(
            _("An ID number has 17 digits followed by a digit or X."), code="bad_id_number"
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise Invalid(
            _("The birth date inside the ID number is not a real date."), code="bad_id_number"
        ) from exc
    if birth > (today or timezone.localdate()) or birth.year < 1880:
        raise Invalid(
            _("The birth date inside the ID number is not plausible."), code="bad_id_number"
        )
    if check_character(number[:17]) != number[17]:
        raise Invalid(_("The ID number's check character is wrong."), code="bad_id_number")
    sex = "male" if int(number[16]) % 2 else "female"
    return IdNumberFacts(number=number, birth_date=birth, sex=sex, county_code=number[:6])


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not _MOBILE.match(digits):
        raise Invalid(_("A mobile number has 11 digits and starts with 13–19."), code="bad_phone")
    return digits
