"""Static files from packages, named one by one (settings.VENDOR_STATIC).

The packages ship far more than the pages load (echarts' dist alone is 51 MB): collecting and
compressing all of it made `collectstatic` take most of a minute. Only the named files are served
and collected, each with its source map when the package ships one (the hashed-name storage rewrites
`sourceMappingURL` comments and refuses a reference to a file it cannot find).
"""

import fcntl
import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

# Apps whose static folder is replaced by a list in VENDOR_STATIC.
LISTED_APPS = frozenset({"drf_spectacular_sidecar"})


def _files(folder: Path, names: tuple[str, ...]) -> list[str]:
    files = []
    for name in names:
        files.append(name)
        if (folder / f"{name}.map").is_file():
            files.append(f"{name}.map")
    return files


class VendorFinder(finders.BaseFinder):
    """Finds the files VENDOR_STATIC names: public prefix → (folder, file names)."""

    def __init__(self, *args, **kwargs):
        self.sources: list[tuple[FileSystemStorage, list[str]]] = []
        for prefix, (folder, names) in getattr(settings, "VENDOR_STATIC", {}).items():
            storage = FileSystemStorage(location=str(folder))
            storage.prefix = prefix
            self.sources.append((storage, _files(Path(folder), tuple(names))))
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        found = []
        for storage, names in self.sources:
            name = path.removeprefix(f"{storage.prefix}/")
            if name != path and name in names and storage.exists(name):
                if not find_all:
                    return storage.path(name)
                found.append(storage.path(name))
        return found

    def list(self, ignore_patterns):
        for storage, names in self.sources:
            for name in names:
                if storage.exists(name):
                    yield name, storage


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """Django's app finder, without the apps whose files VendorFinder lists."""

    def __init__(self, app_names=None, *args, **kwargs):
        from django.apps import apps

        names = app_names or [a.name for a in apps.get_app_configs()]
        super().__init__([n for n in names if n not in LISTED_APPS], *args, **kwargs)


def _fingerprint() -> str:
    """Names, sizes and times of every file the finders serve, and the storage that hashes them."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            name = f"{getattr(storage, 'prefix', None) or ''}/{path}"
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect() -> bool:
    """`collectstatic` into STATIC_ROOT, quietly, unless it already holds these very files; True if
    it ran. A stamp of the sources decides, under a lock: test runs build demos in parallel, and a
    rerun over a served folder would delete and rewrite files a running demo is reading."""
    root = Path(settings.STATIC_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    stamp = root / ".sources"
    with open(root.parent / ".static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = _fingerprint()
        if stamp.is_file() and stamp.read_text() == current:
            return False
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(current)
    return True
