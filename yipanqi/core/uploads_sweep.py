"""Uploads never attached are removed (issue 18): `uploads.write` stores a file before the
action's transaction commits the row that names it; when that transaction rolls back (a refused
step, a crash), the file stays on disk with no row. The periodic job removes such files once they
are a day old (younger ones may belong to a transaction still running).

A file is ours when `uploads.write` named it (32 hex digits) in a folder directly under
MEDIA_ROOT; it is attached when any model's `stored_path` names it.
"""

import datetime
import re
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings

GRACE = datetime.timedelta(days=1)
OURS = re.compile(r"[0-9a-f]{32}")


def attached() -> set[str]:
    """Every stored path some row names (one query per model that keeps files)."""
    paths: set[str] = set()
    for model in apps.get_models():
        if any(f.name == "stored_path" for f in model._meta.concrete_fields):
            paths.update(model._base_manager.values_list("stored_path", flat=True))
    return paths


def orphans(grace: datetime.timedelta = GRACE) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    keep, oldest = attached(), time.time() - grace.total_seconds()
    return [
        path
        for folder in root.iterdir() if folder.is_dir()
        for path in folder.iterdir()
        if OURS.fullmatch(path.name) and path.is_file()
        and f"{folder.name}/{path.name}" not in keep and path.stat().st_mtime < oldest
    ]  # fmt: skip


def sweep() -> int:
    """Remove the orphans; how many (the periodic job's count)."""
    found = orphans()
    for path in found:
        path.unlink(missing_ok=True)
    return len(found)
