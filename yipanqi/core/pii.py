"""Personal data at rest (个人信息保护): field encryption, keyed digests for exact search, masking.

Sensitive values (ID numbers, phones, dues bases) are stored only as ciphertext plus a keyed
digest for exact lookup, and shown masked (R-PI-5). The cipher is SM4-GCM and the digest
HMAC-SM3 (GB/T 39786) unless the deployment names AES-256-GCM / HMAC-SHA256
(`YIPANQI_FIELD_CIPHER`, `YIPANQI_INDEX_HASH`). A ciphertext starts with its cipher's version
byte and the id of the key that sealed it, so ciphers and keys change without a flag day:
`yipanqi rotate_field_keys` re-seals and re-indexes. Keys come from core.keys (the environment,
or envelope keys a KMS opens), never from the database or the repository.
"""

import hashlib
import hmac
import os
import re
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from yipanqi.core import keys
from yipanqi.core.sm4 import hmac_sm3, sm4_gcm_open, sm4_gcm_seal

_NONCE = 12
# version byte → cipher; 0x01 sealed everything before SM4 came and still opens.
VERSIONS = {"aes-256-gcm": b"\x01", "sm4-gcm": b"\x02"}
INDEX_HASHES = ("sm3", "sha256")


def key_id(key: bytes) -> bytes:
    """A 4-byte fingerprint naming the key inside each ciphertext (not secret, not the key)."""
    return hashlib.sha256(b"yipanqi-key-id" + key).digest()[:4]


@lru_cache(maxsize=16)
def _sm4_key(key: bytes) -> bytes:
    """SM4 takes 16 bytes: derived from the 32-byte data key, so one key serves both ciphers."""
    return hmac_sm3(key, b"yipanqi-sm4-gcm")[:16]


@lru_cache(maxsize=8)
def _ring(*settings_now: object) -> tuple[bytes, dict[bytes, bytes], bytes]:
    ring = keys.field_keys()
    return ring[0], {key_id(k): k for k in ring}, key_id(ring[0])


def _current() -> tuple[bytes, dict[bytes, bytes], bytes]:
    """(current key, key id → key, current key id), worked out once per key settings."""
    return _ring(
        settings.FIELD_ENCRYPTION_KEY,
        getattr(settings, "FIELD_ENCRYPTION_PREVIOUS_KEYS", ""),
        getattr(settings, "YIPANQI_KEY_SOURCE", ""),
        getattr(settings, "YIPANQI_KMS", ""),
        getattr(settings, "YIPANQI_KMS_MASTER_KEY", ""),
    )


def keyring() -> tuple[bytes, dict[bytes, bytes]]:
    current, ring, _id = _current()
    return current, ring


def current_version() -> bytes:
    name = getattr(settings, "YIPANQI_FIELD_CIPHER", "sm4-gcm") or "sm4-gcm"
    return VERSIONS[name]


def _seal(version: bytes, key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    if version == VERSIONS["sm4-gcm"]:
        return sm4_gcm_seal(_sm4_key(key), nonce, data, aad)
    return AESGCM(key).encrypt(nonce, data, aad)


def _open(version: bytes, key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    if version == VERSIONS["sm4-gcm"]:
        return sm4_gcm_open(_sm4_key(key), nonce, sealed, aad)
    return AESGCM(key).decrypt(nonce, sealed, aad)


def encrypt(plaintext: str, *, context: str) -> bytes:
    """Seal `plaintext`; `context` (e.g. "people.person.id_number") binds it to its column."""
    current, _, current_id = _current()
    version, nonce = current_version(), os.urandom(_NONCE)
    sealed = _seal(version, current, nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
    return version + current_id + nonce + sealed


def decrypt(blob: bytes | memoryview, *, context: str) -> str:
    blob = bytes(blob)
    if blob[:1] not in VERSIONS.values():
        raise ValueError("unknown ciphertext version")
    _, ring = keyring()
    key = ring.get(blob[1:5])
    if key is None:
        raise ValueError("ciphertext sealed with a key that is not configured")
    nonce, sealed = blob[5 : 5 + _NONCE], blob[5 + _NONCE :]
    return _open(blob[:1], key, nonce, sealed, context.encode("utf-8")).decode("utf-8")


def sealed_with_current_key(blob: bytes | memoryview) -> bool:
    """Sealed with the current key and the current cipher (else rotation re-seals it)."""
    return bytes(blob)[:5] == current_version() + _current()[2]


def index_hash() -> str:
    return getattr(settings, "YIPANQI_INDEX_HASH", "sm3") or "sm3"


def digest(value: str, *, context: str, key: bytes | None = None, algorithm: str = "") -> str:
    """Keyed hash for exact-match search (blind index); equal inputs give equal digests.

    `key` and `algorithm` default to the configured ones (rotation names old ones)."""
    key = key if key is not None else keys.index_key()
    message = f"{context}\x00{value}".encode()
    if (algorithm or index_hash()) == "sm3":
        return hmac_sm3(key, message).hex()
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
