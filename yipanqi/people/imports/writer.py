"""The commit's rows: how a checked row becomes a household or resident row, with the same sealed
columns and scope paths the single-row actions write, and the id ranges the audit names.

The rows are written only by the action `import_commit` (imports.jobs), in one transaction audited
as one `people.import.committed` event, so each resident can be traced to its file.
"""

from functools import lru_cache

from yipanqi.core import pii
from yipanqi.core.text import initials
from yipanqi.people.actions import ID_CONTEXT, sealed_phone
from yipanqi.people.imports.rows import ParsedRow
from yipanqi.people.models import Person

# Small inserts are faster here: SQLite allows 999 parameters a statement anyway (49 residents),
# and psycopg caches its placeholder parsing only for statements under 4 kB (40 rows of 20
# columns), which halves the write time on PostgreSQL compared with 1,000-row statements.
BATCH = 40


@lru_cache(maxsize=20_000)
def _initials(name: str) -> str:
    return initials(name)


def household_address(grid, building: str, unit_no: str, room: str) -> str:
    """The address text `household_create` writes (奉中社区第1网格 3幢2单元301)."""
    return f"{grid.name} {building}{'幢' if building.isdigit() else ''}{unit_no}{room}"


def id_ranges(pks: list[int]) -> list[list[int]]:
    """[[first, last], …] runs of consecutive ids: a compact list of the rows an import created."""
    ranges: list[list[int]] = []
    for pk in sorted(pks):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def person_row(row: ParsedRow, household_id: int) -> Person:
    """Sealed as `person_create` seals (actions.sealed_id_number), reusing what the check found."""
    v = row.values
    person = Person(
        area=row.grid,
        household_id=household_id,
        name=v["name"],
        name_initials=_initials(v["name"]),
        sex=row.sex,
        birth_date=row.birth_date,
        ethnicity=v["ethnicity"] or "汉族",
        political_status=row.political_status,
        notes=v["notes"],
        id_number_cipher=pii.encrypt(row.id_number, context=ID_CONTEXT),
        id_number_digest=row.id_digest,
        id_number_masked=pii.mask_id_number(row.id_number),
        **sealed_phone(row.phone),
    )
    person.place_in(row.grid)
    return person
