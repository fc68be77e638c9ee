"""The bulk paths (the demo): the rules of the single-row actions, one event per row, appended
in one batch (docs/decisions/005)."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from yipanqi.core import audit
from yipanqi.core.workflow import Actor, created, require_permission
from yipanqi.people import permissions
from yipanqi.people.actions.registrations import PARTICIPATION_CREATED
from yipanqi.people.models import CommunityRegistration, Participation, Person


@transaction.atomic
def persons_link_users_bulk(*, links: Mapping[int, Any], actor: Actor) -> int:
    """`person_link_user` for many residents at once (the demo: person id → account): one UPDATE
    statement run for every person, and the same `people.person.account_linked` event per person,
    appended in one batch (docs/decisions/005). Returns how many were linked."""
    persons = Person.objects.only("id", "name", "scope_path", "district_code", "user_id").in_bulk(
        list(links)
    )
    changes = []
    for pk, user in links.items():
        person = persons[pk]
        require_permission(actor, permissions.can_link_account, person)
        changes.append((person, person.user_id))
        person.user_id = user.pk
    table, qn = Person._meta.db_table, connection.ops.quote_name
    sql = f"UPDATE {qn(table)} SET {qn('user_id')} = %s, {qn('updated_at')} = %s WHERE id = %s"  # nosec B608
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(p.user_id, stamp, p.pk) for p, _before in changes])
    return audit.record_many(
        audit.new_event(
            actor=actor,
            action="people.person.account_linked",
            target=p,
            changes={"user": [before, p.user_id]},
        )
        for p, before in changes
    )


@dataclass(frozen=True)
class NewParticipation:
    """One participation of `participations_record_bulk`."""

    registration_id: int
    kind: str
    occurred_on: datetime.date
    hours: Decimal
    problem_solved: bool = False
    source: str = ""
    note: str = ""
    recorded_at: datetime.datetime | None = None  # when it was credited; now if not given


PARTICIPATION_BATCH = 500  # sources per lookup of those already recorded


def _recorded_sources(rows: Sequence[NewParticipation]) -> set[tuple[int, str]]:
    sources = sorted({r.source for r in rows if r.source})
    found: set[tuple[int, str]] = set()
    for start in range(0, len(sources), PARTICIPATION_BATCH):
        batch = sources[start : start + PARTICIPATION_BATCH]
        found.update(
            Participation.objects.filter(source__in=batch).values_list("registration_id", "source")
        )
    return found


@transaction.atomic
def participations_record_bulk(
    *, rows: Sequence[NewParticipation], actor: Actor
) -> list[Participation]:
    """`participation_record` for many participations at once (the orders demo's credits): scope
    from each registration, a row whose (registration, source) is already recorded skipped, the
    rest inserted in bulk in the order given, and the same `people.participation.recorded` event
    per row, appended in one batch (docs/decisions/005). Returns the new participations."""
    registrations = CommunityRegistration.objects.select_related(
        "member__person", "unit", "community"
    ).in_bulk(sorted({r.registration_id for r in rows}))
    done = _recorded_sources(rows)
    new = []
    for row in rows:
        registration = registrations[row.registration_id]
        require_permission(actor, permissions.can_change_in, registration.scope_path)
        if row.source and (row.registration_id, row.source) in done:
            continue
        done.add((row.registration_id, row.source))
        participation = Participation(
            registration=registration,
            kind=row.kind,
            occurred_on=row.occurred_on,
            hours=row.hours,
            problem_solved=row.problem_solved,
            source=row.source,
            note=row.note,
            scope_path=registration.scope_path,
            district_code=registration.district_code,
        )
        if row.recorded_at is not None:
            participation.created_at = row.recorded_at
        new.append(participation)
    Participation.objects.bulk_create(new, batch_size=PARTICIPATION_BATCH)
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="people.participation.recorded",
            target=p,
            changes=created(p, *PARTICIPATION_CREATED),
            data={"kind": p.kind, "hours": str(p.hours)},
        )
        for p in new
    )
    return new
