"""Personal data at rest (个人信息保护): field encryption, keyed digests for exact search, masking.

Sensitive values (ID numbers, phones, health notes) are stored only as AES-256-GCM ciphertext plus an
HMAC-SHA256 digest for exact lookup, and shown masked. Ciphertexts carry the id of the key that sealed
them, so keys rotate (`yipanqi rotate_field_keys`) without a flag day. Keys come from the environment
(config/env.py), never from the database or the repository.
"""

import base64
import hashlib
import hmac
import os
import re
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x01"
_NONCE = 12


def _decode_key(text: str) -> bytes:
    key = base64.b64decode(text)
    if len(key) != 32:
        raise ValueError("field keys must be 32 bytes, base64-encoded")
    return key


def key_id(key: bytes) -> bytes:
    """A 4-byte fingerprint naming the key inside each ciphertext (not secret, not the key)."""
    return hashlib.sha256(b"yipanqi-key-id" + key).digest()[:4]


@lru_cache(maxsize=8)
def _keyring(current: str, previous: str) -> tuple[bytes, dict[bytes, bytes]]:
    keys = [_decode_key(current)] + [_decode_key(k) for k in previous.split(",") if k.strip()]
    return keys[0], {key_id(k): k for k in keys}


def keyring() -> tuple[bytes, dict[bytes, bytes]]:
    previous = getattr(settings, "FIELD_ENCRYPTION_PREVIOUS_KEYS", "") or ""
    return _keyring(settings.FIELD_ENCRYPTION_KEY, previous)


def encrypt(plaintext: str, *, context: str) -> bytes:
    """Seal `plaintext`; `context` (e.g. "people.person.id_number") binds it to its column."""
    current, _ = keyring()
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(current).encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
    return _VERSION + key_id(current) + nonce + sealed


def decrypt(blob: bytes | memoryview, *, context: str) -> str:
    blob = bytes(blob)
    if blob[:1] != _VERSION:
        raise ValueError("unknown ciphertext version")
    _, keys = keyring()
    key = keys.get(blob[1:5])
    if key is None:
        raise ValueError("ciphertext sealed with a key that is not configured")
    nonce, sealed = blob[5 : 5 + _NONCE], blob[5 + _NONCE :]
    return AESGCM(key).decrypt(nonce, sealed, context.encode("utf-8")).decode("utf-8")


def sealed_with_current_key(blob: bytes | memoryview) -> bool:
    current, _ = keyring()
    return bytes(blob)[1:5] == key_id(current)


def digest(value: str, *, context: str) -> str:
    """Keyed hash for exact-match search (blind index); equal inputs give equal digests."""
    key = base64.b64decode(settings.BLIND_INDEX_KEY)
    message = f"{context}\x00{value}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """3302**********123X: region prefix and last four kept (R-PI-3 policy pattern)."""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """Public notices (公示): 张三丰 → 张*丰, 张三 → 张*, one character stays as it is."""
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


# Numbers typed into free text. One set of patterns serves pages, API, exports, public notices
# (公示) and log redaction, so what one of them masks no other one shows.
# 18-digit (last may be X) or legacy 15-digit resident ID numbers, not part of a longer number.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[1-9][0-9]{14})(?![0-9Xx])")
# Mainland mobiles: 13812345678, 138 1234 5678, 138-1234-5678, +86 138…, 0086-138…, 86138…
MOBILE_IN_TEXT = re.compile(
    r"(?<![0-9])(?:(?:\+|00)?86[-\s]?)?1[3-9][0-9](?:[-\s]?[0-9]{4}){2}(?![0-9])"
)
# Landlines such as 0574-88881234.
LANDLINE_IN_TEXT = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}[-\s]?[0-9]{7,8}(?![0-9])")
_NOT_DIGIT = re.compile(r"[^0-9Xx]")


def _mask_mobile(match: re.Match) -> str:
    return mask_phone(_NOT_DIGIT.sub("", match.group(0))[-11:])


def _mask_landline(match: re.Match) -> str:
    return mask_phone(_NOT_DIGIT.sub("", match.group(0)))


def mask_free_text(text: str | None) -> str:
    """ID numbers, mobiles and landlines inside free text (notes, descriptions) in masked form."""
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group(0).upper()), text or "")
    text = MOBILE_IN_TEXT.sub(_mask_mobile, text)
    return LANDLINE_IN_TEXT.sub(_mask_landline, text)


def redact_free_text(text: str) -> str:
    """Logs keep no digits of either (R-AU-7): placeholders instead of masked values."""
    text = ID_NUMBER_IN_TEXT.sub("[id-number]", text)
    return MOBILE_IN_TEXT.sub("[mobile]", text)
