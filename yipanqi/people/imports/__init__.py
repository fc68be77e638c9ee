"""Bulk import of households and residents into one community (批量导入), all or nothing.

files: upload checks, private storage, reading rows · rows: the template and the row checks ·
jobs: the actions (the commit writes the rows) and the background work · writer: how a row becomes a
household or resident row.
"""

from yipanqi.people.imports.files import MAX_BYTES
from yipanqi.people.imports.jobs import (
    PROGRESS_EVERY,
    can_commit_import,
    can_import_into,
    import_commit,
    import_commit_request,
    import_upload,
    import_validate,
    importable_communities,
    jobs_visible_to,
    preview,
)
from yipanqi.people.imports.rerun import import_rerun, is_stuck
from yipanqi.people.imports.rows import HEADERS
from yipanqi.people.imports.templates import template_csv, template_xlsx

__all__ = [
    "HEADERS",
    "MAX_BYTES",
    "PROGRESS_EVERY",
    "can_commit_import",
    "can_import_into",
    "import_commit",
    "import_commit_request",
    "import_rerun",
    "import_upload",
    "import_validate",
    "importable_communities",
    "is_stuck",
    "jobs_visible_to",
    "preview",
    "template_csv",
    "template_xlsx",
]
