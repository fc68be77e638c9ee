"""Personal data at rest (R-PI-5): sealed values, keyed digests, masks; no clear value in the DB."""

import base64
import datetime

import pytest
from cryptography.exceptions import InvalidTag
from django.db import connection

from yipanqi.core import pii
from yipanqi.core.actors import system
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT, person_create
from yipanqi.people.tests.factories import make_id_number

NUMBER = make_id_number(datetime.date(1990, 1, 1), 23, area="330283")
PHONE = "13812345678"


def test_sealing_round_trips_and_never_repeats():
    first, second = (pii.encrypt(NUMBER, context=ID_CONTEXT) for _ in range(2))
    assert first != second  # a fresh nonce each time
    assert (
        pii.decrypt(first, context=ID_CONTEXT) == pii.decrypt(second, context=ID_CONTEXT) == NUMBER
    )
    assert NUMBER.encode() not in first


def test_a_ciphertext_is_bound_to_its_column_and_cannot_be_altered():
    blob = pii.encrypt(NUMBER, context=ID_CONTEXT)
    with pytest.raises(InvalidTag):
        pii.decrypt(blob, context=PHONE_CONTEXT)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(InvalidTag):
        pii.decrypt(tampered, context=ID_CONTEXT)


def test_a_ciphertext_names_its_key(settings):
    blob = pii.encrypt(NUMBER, context=ID_CONTEXT)
    assert pii.sealed_with_current_key(blob)
    settings.FIELD_ENCRYPTION_KEY = base64.b64encode(b"n" * 32).decode()
    assert not pii.sealed_with_current_key(blob)
    with pytest.raises(ValueError, match="not configured"):
        pii.decrypt(blob, context=ID_CONTEXT)
    settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = "ZGVtby1maWVsZC1rZXktMzItYnl0ZXMtbm90LXByb2Q="
    assert pii.decrypt(blob, context=ID_CONTEXT) == NUMBER


def test_digests_are_exact_keyed_and_per_column(settings):
    digest = pii.digest(NUMBER, context=ID_CONTEXT)
    assert digest == pii.digest(NUMBER, context=ID_CONTEXT)
    assert digest != pii.digest(NUMBER, context=PHONE_CONTEXT)
    settings.BLIND_INDEX_KEY = base64.b64encode(b"k" * 32).decode()
    assert digest != pii.digest(NUMBER, context=ID_CONTEXT)


def test_masks():
    assert pii.mask_id_number("33028319900101123X") == "3302**********123X"
    assert pii.mask_phone(PHONE) == "138****5678"
    assert pii.mask_name("张三丰") == "张*丰"


def test_the_database_holds_no_clear_value_and_no_key(district, settings):
    person_create(
        area=district.grids[0], name="王五", id_number=NUMBER, phone=PHONE, actor=system("test"),
    )  # fmt: skip
    with connection.cursor() as cursor:
        dump = ""
        for table in ("people_person", "core_auditevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            dump += repr(cursor.fetchall())
    for secret in (
        NUMBER,
        PHONE,
        NUMBER[6:14],
        settings.FIELD_ENCRYPTION_KEY,
        settings.BLIND_INDEX_KEY,
    ):
        assert secret not in dump
    assert repr(base64.b64decode(settings.FIELD_ENCRYPTION_KEY))[2:-1] not in dump
