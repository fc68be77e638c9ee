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
