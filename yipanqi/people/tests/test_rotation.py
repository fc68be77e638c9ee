"""`yipanqi rotate_field_keys`: re-seal under the current key and cipher, re-index digests under the
current key and hash, over every sealed column, idempotent, audited."""

import base64
import io

import pytest
from django.core.management import CommandError, call_command

from yipanqi.core import pii
from yipanqi.core.actors import system
from yipanqi.core.management.commands.rotate_field_keys import sealed_columns
from yipanqi.core.models import AuditEvent
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT, person_create
from yipanqi.people.models import Person
from yipanqi.people.tests.factories import make_id_number, make_phone


def key(letter: str) -> str:
    return base64.b64encode(letter.encode() * 32).decode()


KEY_A, KEY_B, INDEX_OLD, INDEX_NEW = key("A"), key("B"), key("I"), key("J")


def residents(district, n: int = 5) -> dict[int, tuple[str, str]]:
    import datetime

    plain = {}
    for i in range(n):
        number = make_id_number(datetime.date(1960 + i, 5, 1), i)
        phone = make_phone(i) if i % 2 else ""  # some without a phone: nothing to re-seal there
        person = person_create(
            area=district.grids[0],
            name=f"居民{i}",
            id_number=number,
            phone=phone,
            actor=system("test"),
        )
        plain[person.pk] = (number, phone)
    return plain


def rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out)
    return out.getvalue()


def opened(person: Person) -> tuple[str, str]:
    phone = pii.decrypt(person.phone_cipher, context=PHONE_CONTEXT) if person.phone_cipher else ""
    return pii.decrypt(person.id_number_cipher, context=ID_CONTEXT), phone


@pytest.fixture
def under_key_a(settings, district):
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = KEY_A, ""
    return residents(district)


def test_rotation_reseals_every_value_under_the_new_key(settings, under_key_a):
    before = {p.pk: bytes(p.id_number_cipher) for p in Person.objects.all()}
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = KEY_B, KEY_A

    output = rotate("--batch-size", "2")

    assert "resealed 17" in output  # 5 ID numbers, 2 phones, 5 ethnicities, 5 political statuses
    for person in Person.objects.all():
        assert pii.sealed_with_current_key(person.id_number_cipher)
        assert not person.phone_cipher or pii.sealed_with_current_key(person.phone_cipher)
        assert bytes(person.id_number_cipher) != before[person.pk]
        assert opened(person) == under_key_a[person.pk]
    # the old key can go: everything still opens with the new key alone
    settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = ""
    assert {p.pk: opened(p) for p in Person.objects.all()} == under_key_a


def test_rotation_is_idempotent_and_audited(settings, under_key_a):
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = KEY_B, KEY_A
    rotate()
    ciphers = {p.pk: bytes(p.id_number_cipher) for p in Person.objects.all()}

    assert "resealed" not in rotate()

    assert {p.pk: bytes(p.id_number_cipher) for p in Person.objects.all()} == ciphers
    events = AuditEvent.objects.filter(action="core.keys.rotated").order_by("id")
    assert [e.data.get("resealed", 0) for e in events] == [17, 0]
    assert events[0].actor_username == "rotate_field_keys"


def test_a_ciphertext_under_an_unknown_key_stops_the_rotation(settings, under_key_a):
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = KEY_B, ""
    with pytest.raises(CommandError, match="YIPANQI_FIELD_KEYS_PREVIOUS"):
        rotate()
    ciphers = Person.objects.values_list("id_number_cipher", flat=True)  # the rest does not open
    assert not any(pii.sealed_with_current_key(blob) for blob in ciphers)


def test_reindex_recomputes_digests_with_the_new_index_key(settings, district, monkeypatch):
    settings.BLIND_INDEX_KEY = INDEX_OLD
    plain = residents(district)
    settings.BLIND_INDEX_KEY = INDEX_NEW
    monkeypatch.setenv("YIPANQI_INDEX_KEY_PREVIOUS", INDEX_OLD)

    output = rotate("--reindex")

    assert "reindexed 7" in output and "unverified" not in output
    for pk, (number, phone) in plain.items():
        found = Person.objects.get(id_number_digest=pii.digest(number, context=ID_CONTEXT))
        assert found.pk == pk
        assert found.phone_digest == (pii.digest(phone, context=PHONE_CONTEXT) if phone else "")
    assert "reindexed" not in rotate("--reindex")


def test_reindex_alone_moves_the_digests_to_the_new_hash(settings, district, monkeypatch):
    settings.YIPANQI_INDEX_HASH = "sha256"
    plain = residents(district)
    settings.YIPANQI_INDEX_HASH = "sm3"
    monkeypatch.delenv("YIPANQI_INDEX_KEY_PREVIOUS", raising=False)

    output = rotate("--reindex")

    assert "reindexed 7" in output and "unverified" not in output
    for pk, (number, _phone) in plain.items():
        assert Person.objects.get(id_number_digest=pii.digest(number, context=ID_CONTEXT)).pk == pk


def test_a_cipher_change_reseals_aes_values_as_sm4(settings, district):
    settings.YIPANQI_FIELD_CIPHER = "aes-256-gcm"
    plain = residents(district)
    assert {bytes(p.id_number_cipher)[:1] for p in Person.objects.all()} == {b"\x01"}
    settings.YIPANQI_FIELD_CIPHER = "sm4-gcm"

    assert "resealed 17" in rotate()

    assert {bytes(p.id_number_cipher)[:1] for p in Person.objects.all()} == {b"\x02"}
    assert {p.pk: opened(p) for p in Person.objects.all()} == plain


def test_every_sealed_column_is_found_and_rotated(settings, district):
    from yipanqi.partylife import actions
    from yipanqi.partylife.tests.factories import build_party_world

    found = {(c.context, c.digested) for c in sealed_columns()}
    assert {
        ("people.person.id_number", True),
        ("people.person.phone", True),
        ("partylife.duesbase.base", False),
    } <= found
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = KEY_A, ""
    world = build_party_world(district)
    base = actions.dues_base_set(
        member=world.members["self"], year=2021, category="income", base_yuan="8000",
        actor=world.personas["dues_officer_a1"],
    )  # fmt: skip
    settings.FIELD_ENCRYPTION_KEY, settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = KEY_B, KEY_A

    rotate()

    base.refresh_from_db()
    assert pii.sealed_with_current_key(base.base_cipher)
    settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = ""
    assert pii.decrypt(base.base_cipher, context="partylife.duesbase.base") == "800000"
