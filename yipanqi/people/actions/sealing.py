"""Sealing of sensitive values (ID number, phone): validated, encrypted, digested and masked
here and nowhere else."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core import pii
from yipanqi.core.errors import Invalid
from yipanqi.people.validators import normalise_phone, parse_id_number

ID_CONTEXT = "people.person.id_number"
PHONE_CONTEXT = "people.person.phone"


def sealed_id_number(
    value: str, *, birth_date: datetime.date | None = None, sex: str | None = None
) -> dict[str, Any]:
    """Validate an ID number, cross-check it with the stated birth date and sex, and seal it."""
    facts = parse_id_number(value)
    if birth_date is not None and birth_date != facts.birth_date:
        raise Invalid(_("The birth date does not match the ID number."), code="id_birth_mismatch")
    if sex is not None and sex != facts.sex:
        raise Invalid(_("The sex does not match the ID number."), code="id_sex_mismatch")
    return {
        "id_number_cipher": pii.encrypt(facts.number, context=ID_CONTEXT),
        "id_number_digest": pii.digest(facts.number, context=ID_CONTEXT),
        "id_number_masked": pii.mask_id_number(facts.number),
        "birth_date": facts.birth_date,
        "sex": facts.sex,
    }


def sealed_phone(value: str) -> dict[str, Any]:
    if not value:
        return {"phone_cipher": None, "phone_digest": "", "phone_masked": ""}
    phone = normalise_phone(value)
    return {
        "phone_cipher": pii.encrypt(phone, context=PHONE_CONTEXT),
        "phone_digest": pii.digest(phone, context=PHONE_CONTEXT),
        "phone_masked": pii.mask_phone(phone),
    }
