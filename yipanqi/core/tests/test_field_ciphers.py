"""R-PI-5: personal data sealed with SM4-GCM and indexed with HMAC-SM3 (GB/T 39786), the older
AES-256-GCM values still opening; envelope keys opened by a KMS (core.keys) and checked at start."""

import base64
import hashlib
import hmac
import io
import os

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import call_command

from yipanqi.core import checks, keys, pii
from yipanqi.core.sm4 import sm4_gcm_open, sm4_gcm_seal

CONTEXT = "people.person.id_number"
NUMBER = "33028319900101123X"
# RFC 8998, appendix A.1 (SM4-GCM).
RFC_KEY = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
RFC_IV = bytes.fromhex("00001234567800000000ABCD")
RFC_AAD = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
RFC_PLAIN = bytes.fromhex(
    "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
    "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
)
RFC_SEALED = bytes.fromhex(
    "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
    "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    "83DE3541E4C2B58177E065A9BF7B62EC"
)


def test_the_primitives_are_sm4_gcm_and_sm3():
    assert sm4_gcm_seal(RFC_KEY, RFC_IV, RFC_PLAIN, RFC_AAD) == RFC_SEALED
    assert sm4_gcm_open(RFC_KEY, RFC_IV, RFC_SEALED, RFC_AAD) == RFC_PLAIN
    sm3 = hashes.Hash(hashes.SM3())
    sm3.update(b"abc")  # GB/T 32905, example 1
    assert sm3.finalize().hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )


def test_values_are_sealed_with_sm4_gcm_under_the_field_key():
    blob = pii.encrypt(NUMBER, context=CONTEXT)
    key = keys.field_keys()[0]
    assert blob[:1] == pii.VERSIONS["sm4-gcm"] and blob[1:5] == pii.key_id(key)
    nonce, sealed = blob[5:17], blob[17:]
    sm4_key = hmac.new(key, b"yipanqi-sm4-gcm", "sm3").digest()[:16]
    assert sm4_gcm_open(sm4_key, nonce, sealed, CONTEXT.encode()) == NUMBER.encode()
    with pytest.raises(InvalidTag):
        AESGCM(key).decrypt(nonce, sealed, CONTEXT.encode())


def test_digests_are_hmac_sm3_of_context_and_value():
    key = keys.index_key()
    expected = hmac.new(key, f"{CONTEXT}\x00{NUMBER}".encode(), "sm3").hexdigest()
    assert pii.digest(NUMBER, context=CONTEXT) == expected
    sha = hmac.new(key, f"{CONTEXT}\x00{NUMBER}".encode(), hashlib.sha256).hexdigest()
    assert pii.digest(NUMBER, context=CONTEXT, algorithm="sha256") == sha != expected


def test_values_sealed_with_aes_before_the_switch_still_open(settings):
    settings.YIPANQI_FIELD_CIPHER = "aes-256-gcm"
    old = pii.encrypt(NUMBER, context=CONTEXT)
    settings.YIPANQI_FIELD_CIPHER = "sm4-gcm"
    assert old[:1] == b"\x01" and not pii.sealed_with_current_key(old)
    assert pii.decrypt(old, context=CONTEXT) == NUMBER


def envelope(settings, master: bytes, field_key: bytes, index_key: bytes) -> None:
    kms = keys.LocalKms(base64.b64encode(master).decode())
    settings.YIPANQI_KEY_SOURCE = "envelope"
    settings.YIPANQI_KMS_MASTER_KEY = base64.b64encode(master).decode()
    settings.FIELD_ENCRYPTION_KEY = base64.b64encode(
        kms.wrap(field_key, label=keys.FIELD_LABEL)
    ).decode()
    settings.BLIND_INDEX_KEY = base64.b64encode(
        kms.wrap(index_key, label=keys.INDEX_LABEL)
    ).decode()
    settings.FIELD_ENCRYPTION_PREVIOUS_KEYS = ""


def test_envelope_keys_are_opened_by_the_kms(settings):
    master, field_key, index_key = os.urandom(16), os.urandom(32), os.urandom(32)
    envelope(settings, master, field_key, index_key)
    assert field_key not in base64.b64decode(settings.FIELD_ENCRYPTION_KEY)

    blob = pii.encrypt(NUMBER, context=CONTEXT)
    digest = pii.digest(NUMBER, context=CONTEXT)

    assert blob[1:5] == pii.key_id(field_key)  # sealed under the data key the KMS opened
    assert checks.check_field_keys() == []
    settings.YIPANQI_KEY_SOURCE = "env"  # the same data keys, given in clear
    settings.FIELD_ENCRYPTION_KEY = base64.b64encode(field_key).decode()
    settings.BLIND_INDEX_KEY = base64.b64encode(index_key).decode()
    assert pii.decrypt(blob, context=CONTEXT) == NUMBER
    assert pii.digest(NUMBER, context=CONTEXT) == digest


def test_a_wrong_master_key_or_a_swapped_key_stops_the_start(settings):
    envelope(settings, os.urandom(16), os.urandom(32), os.urandom(32))
    wrapped_index = settings.BLIND_INDEX_KEY
    settings.YIPANQI_KMS_MASTER_KEY = base64.b64encode(os.urandom(16)).decode()
    assert [e.id for e in checks.check_field_keys()] == ["yipanqi.E008"]
    envelope(settings, os.urandom(16), os.urandom(32), os.urandom(32))
    settings.FIELD_ENCRYPTION_KEY = wrapped_index  # another master's, and labelled for the index
    errors = checks.check_field_keys()
    assert errors and "field-key" in errors[0].msg


def test_an_unknown_cipher_stops_the_start(settings):
    settings.YIPANQI_FIELD_CIPHER = "des"
    settings.YIPANQI_INDEX_HASH = "md5"
    assert len(checks.check_field_keys()) == 2


def test_wrap_key_prints_a_key_the_kms_opens(settings, monkeypatch):
    master = os.urandom(16)
    settings.YIPANQI_KMS_MASTER_KEY = base64.b64encode(master).decode()
    data_key = os.urandom(32)
    monkeypatch.setattr("sys.stdin", io.StringIO(base64.b64encode(data_key).decode()))
    out = io.StringIO()
    call_command("wrap_key", "field", stdout=out)
    wrapped = base64.b64decode(out.getvalue())
    assert data_key not in wrapped
    assert keys.LocalKms().unwrap(wrapped, label=keys.FIELD_LABEL) == data_key
