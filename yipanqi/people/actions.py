"""Every write to the people registry. Sensitive values are sealed here and nowhere else."""

import datetime
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from yipanqi.core import audit, exports, pii
from yipanqi.core import context as request_context
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid, TooManyRequests, save_or_conflict
from yipanqi.core.models import AuditEvent, PersonalDataAccess
from yipanqi.core.text import initials, require_visible
from yipanqi.core.workflow import Actor, Workflow, lock, require, require_permission
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, PartyOrganisation, Unit
from yipanqi.people import permissions
from yipanqi.people import policies as people_policies
from yipanqi.people.choices import (
    DEFAULT_HOUSEHOLD_TAGS,
    REGISTRATION_TRANSITION_NOT_ALLOWED,
    REGISTRATION_TRANSITIONS,
    MemberStatus,
    RegistrationKind,
    RegistrationStatus,
)
from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    HouseholdTag,
    Participation,
    PartyMember,
    Person,
)
from yipanqi.people.validators import normalise_phone, parse_id_number

ID_CONTEXT = "people.person.id_number"
PHONE_CONTEXT = "people.person.phone"


def sealed_id_number(
    value: str, *, birth_date: datetime.date | None = None, sex: str | None = None
) -> dict[str, Any]:
    """Validate an ID number, cross-check it with the stated birth date and sex, and seal it."""
    facts = parse_id_number(value)
    if birth_date is not None and birth_date != facts.birth_date:
        raise Invalid(_("The birth date does not match the ID number."), code="id_birth_mismatch")
    if sex is not None and sex != facts.sex:
        raise Invalid(_("The sex does not match the ID number."), code="id_sex_mismatch")
    return {
        "id_number_cipher": pii.encrypt(facts.number, context=ID_CONTEXT),
        "id_number_digest": pii.digest(facts.number, context=ID_CONTEXT),
        "id_number_masked": pii.mask_id_number(facts.number),
        "birth_date": facts.birth_date,
        "sex": facts.sex,
    }


def sealed_phone(value: str) -> dict[str, Any]:
    if not value:
        return {"phone_cipher": None, "phone_digest": "", "phone_masked": ""}
    phone = normalise_phone(value)
    return {
        "phone_cipher": pii.encrypt(phone, context=PHONE_CONTEXT),
        "phone_digest": pii.digest(phone, context=PHONE_CONTEXT),
        "phone_masked": pii.mask_phone(phone),
    }


def _grid(area: Area) -> Area:
    if area.kind != AreaKind.GRID:
        raise Invalid(_("Households belong to a grid."), code="not_a_grid")
    return area


@transaction.atomic
def household_tags_ensure(*, district_code: str, actor: Any) -> list[HouseholdTag]:
    """Give a district the default tag list (独居老人, 低保户 …) once; existing tags are kept."""
    created = []
    for order, (code, name) in enumerate(DEFAULT_HOUSEHOLD_TAGS):
        tag, new = HouseholdTag.objects.get_or_create(
            district_code=district_code, code=code, defaults={"name": name, "order": order}
        )
        if new:
            created.append(tag.code)
    if created:
        audit.record(
            actor=actor,
            action="people.household_tags.created",
            data={"codes": created},
            scope_path="",
            district_code=district_code,
        )
    return list(HouseholdTag.objects.filter(district_code=district_code))


@transaction.atomic
def household_create(
    *,
    grid: Area,
    building: str,
    room: str,
    actor: Any,
    unit_no: str = "",
    address: str = "",
    tags: list[HouseholdTag] | None = None,
) -> Household:
    require_permission(actor, permissions.can_change_in, _grid(grid).path)
    text = address or f"{grid.name} {building}{'幢' if building.isdigit() else ''}{unit_no}{room}"
    household = Household(grid=grid, building=building, unit_no=unit_no, room=room, address=text)
    household.place_in(grid)
    household.save()
    if tags:
        household.tags.set(tags)
    audit.record(
        actor=actor,
        action="people.household.created",
        target=household,
        changes={"address": [None, text]},
    )
    return household


@transaction.atomic
def household_set_tags(*, household: Household, tags: list[HouseholdTag], actor: Any) -> Household:
    require(permissions.can_change_in(actor, household.scope_path))
    before = sorted(household.tags.values_list("code", flat=True))
    household.tags.set(tags)
    after = sorted(t.code for t in tags)
    audit.record(
        actor=actor,
        action="people.household.tags_changed",
        target=household,
        changes={"tags": [before, after]},
    )
    return household


def _duplicate_answers_charged(create: Callable[..., Person]) -> Callable[..., Person]:
    """ "Already registered" confirms a guessed ID number as an exact search would: for a user
    who may not search by ID number, each such answer is recorded as an exact search (after the
    create's own transaction rolled back, so the record stays) and counts toward the same hourly
    budget; over it, every create of theirs waits, whatever its answer would have been."""

    @functools.wraps(create)
    def charged(**kwargs: Any) -> Person:
        actor = kwargs.get("actor")
        if actor is None or is_system(actor) or permissions.can_search_exact(actor, "id_number"):
            return create(**kwargs)
        _exact_search_budget_left(actor)
        try:
            return create(**kwargs)
        except Conflict as exc:
            if exc.code == "duplicate_id_number":
                masked = pii.mask_id_number(str(kwargs["id_number"]).strip().upper())
                person_search_exact(field="id_number", masked=masked, actor=actor)
            raise

    return charged


@_duplicate_answers_charged
@transaction.atomic
def person_create(
    *,
    area: Area,
    name: str,
    id_number: str,
    actor: Any,
    phone: str = "",
    household: Household | None = None,
    ethnicity: str = "汉族",
    political_status: str = "masses",
    notes: str = "",
    birth_date: datetime.date | None = None,
    sex: str | None = None,
) -> Person:
    """Register a resident; the ID number is checksum-validated and cross-checked with birth date and sex."""
    if household is not None:
        area = household.grid
    require_permission(actor, permissions.can_change_in, area.path)
    if not name.strip():
        raise Invalid(
            _("A name is required."), code="bad_name", fields={"name": [_("A name is required.")]}
        )
    require_visible(name, field="name")
    person = Person(
        area=area,
        household=household,
        name=name.strip(),
        name_initials=initials(name),
        ethnicity=ethnicity,
        political_status=political_status,
        notes=notes,
        **sealed_id_number(id_number, birth_date=birth_date, sex=sex),
        **sealed_phone(phone),
    )
    person.place_in(area)
    save_or_conflict(
        person, _("A person with this ID number is already registered."), code="duplicate_id_number"
    )
    audit.record(
        actor=actor,
        action="people.person.created",
        target=person,
        changes={"name": [None, person.name], "id_number": [None, person.id_number_masked]},
    )
    return person


@transaction.atomic
def person_set_phone(*, person: Person, phone: str, actor: Any) -> Person:
    require(permissions.can_change_in(actor, person.scope_path))
    before = person.phone_masked
    for field, value in sealed_phone(phone).items():
        setattr(person, field, value)
    person.save(update_fields=["phone_cipher", "phone_digest", "phone_masked", "updated_at"])
    audit.record(
        actor=actor,
        action="people.person.phone_changed",
        target=person,
        changes={"phone": [before, person.phone_masked]},
    )
    return person


@transaction.atomic
def person_link_user(*, person: Person, user: Any, actor: Actor) -> Person:
    """Link a resident to their account, so they can see their own record (本人)."""
    require_permission(actor, permissions.can_link_account, person)
    before = person.user_id
    person.user = user
    save_or_conflict(
        person,
        _("This account already belongs to another person."),
        code="account_taken",
        update_fields=["user", "updated_at"],
    )
    audit.record(
        actor=actor,
        action="people.person.account_linked",
        target=person,
        changes={"user": [before, getattr(user, "pk", None)]},
    )
    return person


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
    sql = f"UPDATE {qn(table)} SET {qn('user_id')} = %s, {qn('updated_at')} = %s WHERE id = %s"
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


@transaction.atomic
def person_unmask(*, person: Person, field: str, purpose: str, actor: Any) -> str:
    """Show one sensitive value in clear (R-PI-4): permissioned, purpose-bound, logged once."""
    require(permissions.can_unmask(actor, person, field))
    if len((purpose or "").strip()) < 4:
        raise Invalid(
            _("State why you need to see this value."),
            code="purpose_required",
            fields={"purpose": [_("State why you need to see this value.")]},
        )
    blob = person.id_number_cipher if field == "id_number" else person.phone_cipher
    if not blob:
        raise Invalid(_("There is no value to show."), code="no_value")
    context = ID_CONTEXT if field == "id_number" else PHONE_CONTEXT
    value = pii.decrypt(blob, context=context)
    access = PersonalDataAccess.objects.create(
        actor=actor,
        subject_type=Person._meta.label_lower,
        subject_id=str(person.pk),
        subject_repr=person.name[:100],
        field=field,
        purpose=purpose.strip()[:200],
        request_id=request_context.current().request_id,
        scope_path=person.scope_path,
        district_code=person.district_code,
    )
    # The auditor sees why, not only what; numbers typed into the purpose stay masked (R-AU-7).
    audit.record(
        actor=actor,
        action="people.person.unmasked",
        target=person,
        data={"field": field, "purpose": pii.mask_free_text(access.purpose), "access": access.pk},
    )
    return value


@transaction.atomic
def member_create(
    *,
    person: Person,
    kind: str,
    joined_on: datetime.date,
    branch: PartyOrganisation,
    actor: Any,
    work_unit: Unit | None = None,
    work_unit_name: str = "",
    in_service: bool = False,
    full_member_on: datetime.date | None = None,
) -> PartyMember:
    require_permission(actor, permissions.can_manage_members_in, branch.scope_path)
    require_visible(work_unit_name, field="work_unit_name")
    member = PartyMember(
        person=person,
        kind=kind,
        joined_on=joined_on,
        branch=branch,
        work_unit=work_unit,
        work_unit_name=work_unit_name or (work_unit.name if work_unit else ""),
        in_service=in_service,
        full_member_on=full_member_on,
        last_contact_on=joined_on,
    )
    member.scope_path, member.district_code = branch.scope_path, branch.district_code
    member.save()
    audit.record(
        actor=actor,
        action="people.member.created",
        target=member,
        changes={"branch": [None, branch.pk], "kind": [None, kind]},
    )
    return member


@transaction.atomic
def member_transfer(
    *,
    member: PartyMember,
    to_branch: PartyOrganisation,
    transferred_on: datetime.date,
    actor: Any,
    reason: str = "",
) -> PartyMember:
    """Move the organisational relationship (组织关系转接) to another branch, keeping the event."""
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    require(permissions.can_manage_members_in(actor, member.scope_path))
    if to_branch.pk == member.branch_id:
        raise Invalid(_("The member already belongs to this branch."), code="same_branch")
    from_branch = member.branch
    transfer = member.transfers.model(
        member=member,
        from_branch=from_branch,
        to_branch=to_branch,
        transferred_on=transferred_on,
        reason=reason,
    )
    transfer.scope_path, transfer.district_code = to_branch.scope_path, to_branch.district_code
    transfer.save()
    member.branch = to_branch
    member.scope_path, member.district_code = to_branch.scope_path, to_branch.district_code
    member.save(update_fields=["branch", "scope_path", "district_code", "updated_at"])
    audit.record(
        actor=actor,
        action="people.member.transferred",
        target=member,
        changes={"branch": [from_branch.pk, to_branch.pk]},
    )
    return member


@transaction.atomic
def member_set_status(*, member: PartyMember, status: str, actor: Any) -> PartyMember:
    member = PartyMember.objects.select_for_update().get(pk=member.pk)
    require(permissions.can_manage_members_in(actor, member.scope_path))
    before = member.status
    member.status = MemberStatus(status)
    member.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="people.member.status_changed",
        target=member,
        changes={"status": [before, status]},
    )
    return member


REGISTRATION_FLOW = Workflow(
    table=REGISTRATION_TRANSITIONS,
    statuses=RegistrationStatus,
    refusal=REGISTRATION_TRANSITION_NOT_ALLOWED,
    audit_prefix="people.registration",
)


@transaction.atomic
def registration_submit(
    *,
    community: Area,
    actor: Any,
    member: PartyMember | None = None,
    unit: Unit | None = None,
    skills: str = "",
    preferences: str = "",
) -> CommunityRegistration:
    """报到: an in-service member registers with the community they live in (or a unit where it sits)."""
    if community.kind != AreaKind.COMMUNITY:
        raise Invalid(_("Registrations are made with a community."), code="not_a_community")
    require_permission(actor, permissions.can_submit_registration, community, member)
    if member is not None and not member.in_service:
        raise Invalid(
            _("Only in-service members register with a community."), code="not_in_service"
        )
    kind = RegistrationKind.MEMBER if member is not None else RegistrationKind.UNIT
    registration = CommunityRegistration(
        kind=kind,
        member=member,
        unit=unit,
        community=community,
        skills=skills,
        preferences=preferences,
        submitted_at=timezone.now(),
    )
    registration.place_in(community)
    save_or_conflict(
        registration, _("Already registered with this community."), code="duplicate_registration"
    )
    audit.record(
        actor=actor,
        action="people.registration.submitted",
        target=registration,
        data={"community": community.pk},
    )
    return registration


def _locked(registration: CommunityRegistration) -> CommunityRegistration:
    return lock(registration, "community")


@transaction.atomic
def registration_confirm(
    *, registration: CommunityRegistration, actor: Any
) -> CommunityRegistration:
    registration = _locked(registration)
    require(permissions.can_decide_registration(actor, registration))
    step = REGISTRATION_FLOW.begin(registration, actor=actor)
    step.move(RegistrationStatus.CONFIRMED)
    step.set(confirmed_at=timezone.now())
    step.finish("confirmed")
    return registration


@transaction.atomic
def registration_decline(
    *, registration: CommunityRegistration, reason: str, actor: Any
) -> CommunityRegistration:
    registration = _locked(registration)
    require(permissions.can_decide_registration(actor, registration))
    step = REGISTRATION_FLOW.begin(registration, actor=actor)
    step.move(RegistrationStatus.DECLINED)
    step.finish("declined", reason=reason)
    return registration


@transaction.atomic
def registration_assign(
    *, registration: CommunityRegistration, grid: Area, actor: Any
) -> CommunityRegistration:
    """Place a confirmed member in a grid of the community; the row then belongs to that grid."""
    registration = _locked(registration)
    require(permissions.can_decide_registration(actor, registration))
    if grid.kind != AreaKind.GRID or not grid.path.startswith(registration.community.path):
        raise Invalid(_("Choose a grid of this community."), code="grid_outside_community")
    step = REGISTRATION_FLOW.begin(registration, actor=actor)
    step.move(RegistrationStatus.ASSIGNED)
    step.set(grid=grid, assigned_at=timezone.now())
    registration.place_in(grid)
    step.finish("assigned")
    registration.participations.update(scope_path=grid.scope_path)
    return registration


@transaction.atomic
def participation_record(
    *,
    registration: CommunityRegistration,
    kind: str,
    occurred_on: datetime.date,
    actor: Any,
    hours: float = 0,
    problem_solved: bool = False,
    source: str = "",
    note: str = "",
) -> Participation:
    """Credit one participation to a registration (other apps call this; `source` makes it idempotent)."""
    require_permission(actor, permissions.can_change_in, registration.scope_path)
    if source:
        existing = Participation.objects.filter(registration=registration, source=source).first()
        if existing is not None:
            return existing
    participation = Participation(
        registration=registration,
        kind=kind,
        occurred_on=occurred_on,
        hours=hours,
        problem_solved=problem_solved,
        source=source,
        note=note,
    )
    participation.scope_path = registration.scope_path
    participation.district_code = registration.district_code
    participation.save()
    audit.record(
        actor=actor,
        action="people.participation.recorded",
        target=participation,
        data={"kind": kind, "hours": str(hours)},
    )
    return participation


FEEDBACK_HEADERS = (
    _lazy("Name"),
    _lazy("Branch"),
    _lazy("Phone"),
    _lazy("Registered with"),
    _lazy("Grid"),
    _lazy("Registration status"),
    _lazy("Participations"),
    _lazy("Hours"),
    _lazy("Problems solved"),
)


def _feedback_cells(row: Any) -> list[Any]:
    registrations = row.registrations
    return [
        row.member.person.name,
        row.member.branch.name,
        row.member.person.phone_masked,  # masked only: exports never carry clear values
        "、".join(r.community.name for r in registrations),
        "、".join(r.grid.name for r in registrations if r.grid_id),
        "、".join(str(r.get_status_display()) for r in registrations),
        row.count,
        float(row.hours),
        row.solved,
    ]


@transaction.atomic
def branch_feedback_export(*, branch: PartyOrganisation, year: int, actor: Any) -> bytes:
    """The yearly 双报到 feedback of a branch as XLSX (masked, formula-safe), audited as an export."""
    from yipanqi.people.selectors import branch_feedback  # selectors import this module

    require(permissions.can_view_branch_feedback(actor, branch))
    rows = branch_feedback(user=actor, branch=branch, year=year)
    content = exports.xlsx_bytes(
        [str(h) for h in FEEDBACK_HEADERS],
        (_feedback_cells(row) for row in rows),
        sheet=f"{year}",
    )
    audit.record(
        actor=actor,
        action="people.branch_feedback.exported",
        target=branch,
        data={"year": year, "rows": len(rows)},
    )
    return content


EXACT_SEARCH_EVENT = "people.person.searched_exact"


@transaction.atomic
def person_search_exact(*, field: str, masked: str, actor: Any) -> None:
    """Record a search by a full ID number or phone before it runs: every one is an audit event,
    and a user may make only so many an hour (policy), so a guessed number cannot be confirmed
    by trying its few possible values. Whether it finds anyone is up to the user's search role."""
    scope_path, district_code = _exact_search_budget_left(actor)
    audit.record(
        actor=actor,
        action=EXACT_SEARCH_EVENT,
        data={
            "field": field,
            "value": masked,
            "permitted": permissions.can_search_exact(actor, field),
        },
        scope_path=scope_path,
        district_code=district_code,
    )


def _exact_search_budget_left(actor: Any) -> tuple[str, str]:
    """Refuse when the user's hourly budget of exact searches is spent; else where to file one."""
    scope_path, district_code = permissions.audit_scope(actor)
    limit = people_policies.EXACT_SEARCHES_PER_HOUR.value(district_code)
    since = timezone.now() - datetime.timedelta(hours=1)
    done = AuditEvent.objects.filter(actor=actor, action=EXACT_SEARCH_EVENT, created_at__gte=since)
    if done.count() >= limit:
        raise TooManyRequests(
            _("You have made too many searches by full number this hour; try again later."),
            code="exact_search_rate_limited",
        )
    return scope_path, district_code


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
            data={"kind": p.kind, "hours": str(p.hours)},
        )
        for p in new
    )
    return new
