"""Where the field keys come from (密钥管理, R-PI-5): the environment, or envelope keys that a
KMS / cipher machine (密码机) opens.

`YIPANQI_KEY_SOURCE=env` (the default): YIPANQI_FIELD_KEY, YIPANQI_FIELD_KEYS_PREVIOUS and
YIPANQI_INDEX_KEY hold the data keys themselves (base64, 32 bytes each).

`YIPANQI_KEY_SOURCE=envelope`: the same variables hold the data keys *wrapped* under a master key
that never leaves the KMS. `YIPANQI_KMS` names the client (a dotted path to a class with `wrap`
and `unwrap`, the `Kms` protocol below); each wrapped key is opened once per process and kept in
memory only. `LocalKms` (master key in YIPANQI_KMS_MASTER_KEY, SM4-GCM) stands in for the KMS in
development and tests; a deployer writes the same two methods over the vendor's SDK. Wrapped keys
are made with `yipanqi wrap_key` (docs/deployment-keys.md).
"""

import base64
import os
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from yipanqi.core.sm4 import sm4_gcm_open, sm4_gcm_seal

DATA_KEY_BYTES = 32
FIELD_LABEL = "yipanqi.field-key"
INDEX_LABEL = "yipanqi.index-key"


class Kms(Protocol):
    def wrap(self, key: bytes, *, label: str) -> bytes: ...

    def unwrap(self, wrapped: bytes, *, label: str) -> bytes: ...


class LocalKms:
    """A software KMS: the master key (16 bytes, base64) in YIPANQI_KMS_MASTER_KEY; the label is
    bound into each wrapping, so a field key cannot be passed off as the index key."""

    def __init__(self, master_key: str | None = None):
        text = master_key or getattr(settings, "YIPANQI_KMS_MASTER_KEY", "")
        if not text:
            raise ImproperlyConfigured("YIPANQI_KMS_MASTER_KEY is not set (LocalKms).")
        self._master = base64.b64decode(text)
        if len(self._master) != 16:
            raise ImproperlyConfigured("YIPANQI_KMS_MASTER_KEY must be 16 bytes, base64-encoded.")

    def wrap(self, key: bytes, *, label: str) -> bytes:
        nonce = os.urandom(12)
        return nonce + sm4_gcm_seal(self._master, nonce, key, label.encode())

    def unwrap(self, wrapped: bytes, *, label: str) -> bytes:
        return sm4_gcm_open(self._master, wrapped[:12], wrapped[12:], label.encode())


def source() -> str:
    return getattr(settings, "YIPANQI_KEY_SOURCE", "env") or "env"


def kms() -> Kms:
    return import_string(getattr(settings, "YIPANQI_KMS", "") or "yipanqi.core.keys.LocalKms")()


@lru_cache(maxsize=32)
def _opened(text: str, label: str, how: str, kms_settings: tuple) -> bytes:
    """Opened once per process; the KMS settings are part of the key, so tests may change them."""
    raw = base64.b64decode(text)
    if how == "envelope":
        client = kms()  # a missing master key raises ImproperlyConfigured itself
        try:
            raw = client.unwrap(raw, label=label)
        except Exception as exc:  # the KMS refused it: wrong master key, damaged or foreign
            raise ImproperlyConfigured(f"the KMS could not open the {label} ({exc})") from exc
    if len(raw) != DATA_KEY_BYTES:
        raise ImproperlyConfigured(f"the {label} must be {DATA_KEY_BYTES} bytes")
    return raw


def open_key(text: str, *, label: str) -> bytes:
    """The data key that `text` (a setting's value) stands for, under the configured source."""
    kms_settings = (
        getattr(settings, "YIPANQI_KMS", ""),
        getattr(settings, "YIPANQI_KMS_MASTER_KEY", ""),
    )
    return _opened(text, label, source(), kms_settings)


def field_keys() -> list[bytes]:
    """The current field key first, then the previous ones (still able to decrypt)."""
    previous = getattr(settings, "FIELD_ENCRYPTION_PREVIOUS_KEYS", "") or ""
    texts = [settings.FIELD_ENCRYPTION_KEY] + [k for k in previous.split(",") if k.strip()]
    return [open_key(text.strip(), label=FIELD_LABEL) for text in texts]


def index_key(text: str | None = None) -> bytes:
    return open_key(text or settings.BLIND_INDEX_KEY, label=INDEX_LABEL)
