"""Residents (居民): register, change the phone, link the account, show a sealed value, move out."""

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, pii
from yipanqi.core import context as request_context
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.models import PersonalDataAccess
from yipanqi.core.text import initials, require_visible
from yipanqi.core.workflow import Actor, lock, require, require_permission, track
from yipanqi.organisations.models import Area
from yipanqi.people import permissions
from yipanqi.people.actions.sealing import ID_CONTEXT, PHONE_CONTEXT, sealed_id_number, sealed_phone
from yipanqi.people.actions.search import exact_search_budget_left, person_search_exact
from yipanqi.people.models import Household, Person
from yipanqi.people.pi import is_anonymised


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
        exact_search_budget_left(actor)
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


def _check_moved_out_on(person: Person, moved_out_on: datetime.date) -> None:
    if moved_out_on > timezone.localdate():
        message = _("The moved-out date cannot be in the future.")
        raise Invalid(message, code="moved_out_in_future", fields={"moved_out_on": [message]})
    if moved_out_on < person.birth_date:
        message = _("The moved-out date cannot be before the person was born.")
        raise Invalid(message, code="moved_out_before_birth", fields={"moved_out_on": [message]})


@transaction.atomic
def person_move_out(*, person: Person, moved_out_on: datetime.date, actor: Actor) -> Person:
    """The resident left the district (迁出) on that day: the record stays, and the retention job
    anonymises it once the register's retention has passed since then (R-PI-8, people.pi)."""
    person = lock(person)
    require_permission(actor, permissions.can_change_in, person.scope_path)
    if person.moved_out_on is not None:
        raise Conflict(_("This resident has moved out already."), code="already_moved_out")
    _check_moved_out_on(person, moved_out_on)
    edit = track(person, actor=actor)
    edit.set(moved_out_on=moved_out_on)
    edit.finish("people.person.moved_out")
    return person


@transaction.atomic
def person_move_back(*, person: Person, actor: Actor) -> Person:
    """Undo a move-out (recorded in error, or the resident came back) while the record still holds
    the person's information; an anonymised record cannot be given it back."""
    person = lock(person)
    require_permission(actor, permissions.can_change_in, person.scope_path)
    if person.moved_out_on is None:
        raise Conflict(_("This resident has not moved out."), code="not_moved_out")
    if is_anonymised(person):
        message = _("This resident's record has been anonymised; the move-out cannot be undone.")
        raise Conflict(message, code="anonymised")
    edit = track(person, actor=actor)
    edit.set(moved_out_on=None)
    edit.finish("people.person.moved_back")
    return person
