"""Report files live under MEDIA_ROOT/reports/<uuid>.<format>: outside the web root, served only
by the audited download."""

import uuid
from pathlib import Path

from django.conf import settings

FOLDER = "reports"


def _root() -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER


def store(data: bytes, fmt: str) -> str:
    folder = _root()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.{fmt}"
    (folder / name).write_bytes(data)
    return f"{FOLDER}/{name}"


def read(stored_path: str) -> bytes:
    path = (Path(settings.MEDIA_ROOT) / stored_path).resolve()
    if not path.is_relative_to(_root().resolve()):
        raise FileNotFoundError(stored_path)
    return path.read_bytes()
