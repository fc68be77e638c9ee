"""The registry (社会组织登记/备案): organisations with a checked credit code, their staff, rating,
and their incubation at a street's centre (入驻 → 孵化中 → 出壳 / 退出)."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, track
from yipanqi.organisations.choices import AreaKind, UnitKind
from yipanqi.organisations.models import Area, PartyOrganisation, Unit
from yipanqi.organisations.validators import is_valid_credit_code
from yipanqi.socialorgs import permissions as perms
from yipanqi.socialorgs.actions._common import INCUBATION_FLOW
from yipanqi.socialorgs.choices import FORM_CODE_PREFIX, RATINGS, IncubationStage, LegalForm
from yipanqi.socialorgs.models import Incubation, OrgStaff, SocialOrganisation

DUPLICATE_CODE = "duplicate_credit_code"


def _bad(field: str, message: str, code: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def clean_credit_code(code: str, legal_form: str) -> str:
    """GB 32100: 18 characters with a valid check character; a civil-affairs registration (51/52/53)
    must carry its form's prefix. A community organisation filed with a street may have none."""
    code = (code or "").strip().upper()
    if not code:
        if legal_form != LegalForm.COMMUNITY:
            raise _bad("credit_code", _("A registered organisation needs its credit code."),
                       "credit_code_required")  # fmt: skip
        return ""
    if not is_valid_credit_code(code):
        raise _bad("credit_code", _("Not a valid unified social credit code."), "bad_credit_code")
    prefix = FORM_CODE_PREFIX.get(LegalForm(legal_form))
    if prefix and not code.startswith(prefix):
        message = _("A code of this legal form starts with %(p)s.") % {"p": prefix}
        raise _bad("credit_code", message, "credit_code_form_mismatch")
    return code


@transaction.atomic
def org_register(
    *,
    area: Area,
    name: str,
    legal_form: str,
    credit_code: str,
    registered_on: datetime.date,
    actor: Actor,
    hub: SocialOrganisation | None = None,
    is_hub: bool = False,
    rating: str = "",
    party_organisation: PartyOrganisation | None = None,
    unit: Unit | None = None,
    description: str = "",
) -> SocialOrganisation:
    """登记 (or 备案 with a street): one organisation, its credit code checked and unique."""
    require_permission(actor, perms.can_register, area)
    if legal_form not in LegalForm.values:
        raise _bad("legal_form", _("Choose the legal form."), "bad_legal_form")
    if legal_form == LegalForm.COMMUNITY and area.kind not in (AreaKind.TOWN, AreaKind.COMMUNITY):
        raise _bad("area", _("A community organisation is filed with a street."), "bad_area")
    if rating and rating not in RATINGS:
        raise _bad("rating", _("Choose a rating from 1A to 5A."), "bad_rating")
    if hub is not None and not hub.is_hub:
        raise _bad("hub", _("That organisation is not a hub organisation."), "not_a_hub")
    if unit is not None and unit.kind != UnitKind.SOCIAL_ORGANISATION:
        raise _bad("unit", _("That unit is not a social organisation."), "unit_kind_mismatch")
    code = clean_credit_code(credit_code, legal_form)
    if code and SocialOrganisation.objects.filter(credit_code=code).exists():
        raise _bad("credit_code", _("This credit code is already registered."), DUPLICATE_CODE)
    org = SocialOrganisation(
        name=text(name, "name", 150),
        credit_code=code,
        legal_form=legal_form,
        registered_on=registered_on,
        area=area,
        hub=hub,
        is_hub=is_hub,
        rating=rating,
        party_organisation=party_organisation,
        unit=unit,
        description=text(description, "description", 500, required=False),
    )
    org.place_in(area)
    save_or_conflict(org, _("This credit code is already registered."), code=DUPLICATE_CODE)
    audit.record(
        actor=actor,
        action="socialorgs.organisation.registered",
        target=org,
        changes=created(org, "name", "credit_code", "legal_form", "area", "hub", "rating"),
    )
    return org


@transaction.atomic
def org_rate(*, organisation: SocialOrganisation, rating: str, actor: Actor) -> SocialOrganisation:
    """评估等级: the rating from the civil-affairs evaluation (blank: not rated)."""
    organisation = lock(organisation)
    require_permission(actor, perms.can_manage_org, organisation)
    if rating and rating not in RATINGS:
        raise _bad("rating", _("Choose a rating from 1A to 5A."), "bad_rating")
    edit = track(organisation, actor=actor)
    edit.set(rating=rating)
    edit.finish("socialorgs.organisation.rated")
    return organisation


@transaction.atomic
def org_staff_add(*, organisation: SocialOrganisation, user: Any, actor: Actor) -> OrgStaff:
    """An account that acts for the organisation (its social-organisation staff)."""
    organisation = lock(organisation)
    require_permission(actor, perms.can_manage_org, organisation)
    if OrgStaff.objects.filter(organisation=organisation, user=user).exists():
        raise Conflict(_("This account already acts for the organisation."), code="already_staff")
    row = OrgStaff.objects.create(organisation=organisation, user=user)
    audit.record(
        actor=actor,
        action="socialorgs.organisation.staff_added",
        target=organisation,
        changes={"staff": [None, user.pk]},
    )
    return row


@transaction.atomic
def incubation_enter(
    *,
    organisation: SocialOrganisation,
    street: Area,
    centre: str,
    entered_on: datetime.date,
    actor: Actor,
    notes: str = "",
) -> Incubation:
    """入驻: the organisation enters the street's incubation centre."""
    require_permission(actor, perms.can_register, street)
    if street.kind != AreaKind.TOWN:
        raise _bad("street", _("Incubation centres belong to a street."), "bad_area")
    open_stages = (IncubationStage.ENTERED, IncubationStage.INCUBATING)
    if organisation.incubations.filter(status__in=open_stages).exists():
        raise Conflict(_("The organisation is already being incubated."), code="already_incubating")
    row = Incubation(
        organisation=organisation,
        street=street,
        centre=text(centre, "centre", 100),
        entered_on=entered_on,
        mentor_notes=text(notes, "mentor_notes", 2000, required=False),
    )
    row.place_in(street)
    row.save()
    audit.record(
        actor=actor,
        action="socialorgs.incubation.entered",
        target=row,
        changes=created(row, "organisation", "centre", "status", "entered_on"),
    )
    return row


@transaction.atomic
def incubation_move(
    *, incubation: Incubation, stage: str, on: datetime.date, actor: Actor, notes: str = ""
) -> Incubation:
    """孵化中 / 出壳 / 退出, with the date and the mentor's notes (appended)."""
    incubation = lock(incubation)
    require_permission(actor, perms.can_register, incubation.street)
    if stage not in IncubationStage.values:
        raise _bad("stage", _("Choose the stage."), "bad_stage")
    if on < incubation.entered_on:
        raise _bad("on", _("The date is before the organisation entered."), "bad_date")
    step = INCUBATION_FLOW.begin(incubation, actor=actor)
    step.move(stage)
    if stage == IncubationStage.INCUBATING:
        step.set(started_on=on)
    else:
        step.set(ended_on=on)
    note = text(notes, "mentor_notes", 500, required=False)
    if note:
        joined = f"{incubation.mentor_notes}\n{on.isoformat()} {note}".strip()
        step.set(mentor_notes=joined[-2000:])
    step.finish(stage)
    return incubation
