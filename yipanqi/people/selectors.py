"""Reads of the people registry; every one starts from the user's scope (permissions.*_visible_to)."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from yipanqi.core import pii
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, PartyOrganisation
from yipanqi.organisations.permissions import active_grants
from yipanqi.people import permissions
from yipanqi.people.actions import ID_CONTEXT, PHONE_CONTEXT
from yipanqi.people.choices import RegistrationStatus
from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    HouseholdTag,
    Participation,
    PartyMember,
    Person,
)

_FULL_ID = re.compile(r"^\d{17}[\dXx]$")
_MOBILE = re.compile(r"^(?:\+86)?1[3-9]\d{9}$")
OPEN_REGISTRATION = (RegistrationStatus.SUBMITTED, RegistrationStatus.CONFIRMED)


def _area_in_scope(user: Any, area_id: int | None) -> Area | None:
    return Area.objects.for_user(user).filter(pk=area_id).first() if area_id else None


@dataclass(frozen=True)
class ExactQuery:
    """A full ID number or mobile typed into search: matched by its keyed digest, never echoed."""

    field: str  # "id_number" or "phone"
    digest: str
    masked: str


def exact_query(q: str) -> ExactQuery | None:
    """The exact-match reading of search text, or None for a name/initials/address search."""
    q = q.strip()
    if _FULL_ID.match(q):
        number = q.upper()
        digest = pii.digest(number, context=ID_CONTEXT)
        return ExactQuery("id_number", digest, pii.mask_id_number(number))
    compact = q.replace(" ", "").replace("-", "")
    if _MOBILE.match(compact):
        phone = compact[-11:]
        return ExactQuery("phone", pii.digest(phone, context=PHONE_CONTEXT), pii.mask_phone(phone))
    return None


def exact_lookup_mask(q: str) -> str:
    """For a full ID number or mobile typed into search: its masked form; "" otherwise."""
    exact = exact_query(q)
    return exact.masked if exact else ""


def _search(q: str) -> Q:
    """Name, pinyin initials, address."""
    q = q.strip()
    return (
        Q(name__icontains=q)
        | Q(name_initials__startswith=q.lower())
        | Q(household__address__icontains=q)
        | Q(household__building__iexact=q)
    )


def _people_matching(user: Any, q: str) -> QuerySet[Person]:
    """A full number finds people only where the user holds the exact-search role for that field
    (permissions.people_found_exactly_by); callers record the search first
    (actions.person_search_exact: audited, rate-limited)."""
    exact = exact_query(q)
    if exact is None:
        people = permissions.people_visible_to(user)
        return people.filter(_search(q)) if q.strip() else people
    people = permissions.people_found_exactly_by(user, exact.field)
    return people.filter(**{f"{exact.field}_digest": exact.digest})


def _with_tags(queryset: QuerySet[Any], tags: Iterable[str], prefix: str) -> QuerySet[Any]:
    for code in tags:  # every tag must be present (one join per tag, no duplicate rows)
        queryset = queryset.filter(**{f"{prefix}tags__code": code})
    return queryset


def person_list(
    *,
    user: Any,
    q: str = "",
    tags: Sequence[str] = (),
    household_id: int | None = None,
    area_id: int | None = None,
) -> QuerySet[Person]:
    people = _people_matching(user, q).select_related("area", "household")
    people = _with_tags(people, tags, "household__")
    if household_id:
        people = people.filter(household_id=household_id)
    if area_id:
        area = _area_in_scope(user, area_id)
        people = people.filter(scope_path__startswith=area.path) if area else people.none()
    return people.order_by("scope_path", "name", "id")


def person_get(*, user: Any, person_id: int) -> Person:
    return (
        permissions.people_visible_to(user)
        .select_related("area", "household", "household__grid")
        .get(pk=person_id)
    )


def person_notes(*, user: Any, person: Person) -> str:
    """The notes as this user may read them: numbers typed in are masked unless they could
    unmask them anyway (the same masking as exports and public notices)."""
    if permissions.can_read_notes_in_clear(user, person):
        return person.notes
    return pii.mask_free_text(person.notes)


def household_list(
    *, user: Any, q: str = "", tags: Sequence[str] = (), area_id: int | None = None
) -> QuerySet[Household]:
    households = permissions.households_visible_to(user).select_related("grid")
    if q.strip():
        households = households.filter(
            Q(address__icontains=q.strip()) | Q(building__iexact=q.strip())
        )
    households = _with_tags(households, tags, "")
    if area_id:
        area = _area_in_scope(user, area_id)
        households = (
            households.filter(scope_path__startswith=area.path) if area else households.none()
        )
    return households.prefetch_related("tags").order_by("scope_path", "building", "unit_no", "room")


def household_get(*, user: Any, household_id: int) -> Household:
    return (
        permissions.households_visible_to(user)
        .select_related("grid")
        .prefetch_related("tags")
        .get(pk=household_id)
    )


def household_members(*, user: Any, household: Household) -> QuerySet[Person]:
    return permissions.people_visible_to(user).filter(household=household).order_by("birth_date")


def household_tags(*, user: Any) -> QuerySet[HouseholdTag]:
    """The tag list of the districts the user works in (district configuration, not personal data)."""
    districts = {g.area.district_code for g in active_grants(user)}
    return household_tags_for(district_codes=districts)


def household_tags_for(*, district_codes: Iterable[str]) -> QuerySet[HouseholdTag]:
    return HouseholdTag.objects.filter(district_code__in=list(district_codes)).order_by(
        "order", "code"
    )


def member_for_person(*, user: Any, person: Person) -> PartyMember | None:
    return permissions.members_visible_to(user).filter(person=person).first()


def member_list(
    *,
    user: Any,
    q: str = "",
    branch_id: int | None = None,
    status: str = "",
    in_service: bool | None = None,
) -> QuerySet[PartyMember]:
    members = permissions.members_visible_to(user).select_related("person", "branch", "work_unit")
    if q.strip():
        members = members.filter(
            Q(person__name__icontains=q.strip())
            | Q(person__name_initials__startswith=q.strip().lower())
        )
    if branch_id:
        branch = PartyOrganisation.objects.for_user(user).filter(pk=branch_id).first()
        members = members.filter(branch__path__startswith=branch.path) if branch else members.none()
    if status:
        members = members.filter(status=status)
    if in_service is not None:
        members = members.filter(in_service=in_service)
    return members.order_by("scope_path", "person__name", "id")


def member_get(*, user: Any, member_id: int) -> PartyMember:
    return (
        permissions.members_visible_to(user)
        .select_related("person", "person__area", "branch", "work_unit")
        .get(pk=member_id)
    )


def transfer_target_get(*, member: PartyMember, branch_id: int) -> PartyOrganisation:
    """Where a membership may be transferred (组织关系转接): any party organisation of the member's
    district, inside the user's scope or not (the receiving branch's managers see them afterwards).
    The manager of the member's current branch is checked by the action."""
    return PartyOrganisation.objects.get(pk=branch_id, district_code=member.district_code)


def member_transfers(*, member: PartyMember) -> QuerySet[Any]:
    return member.transfers.select_related("from_branch", "to_branch").order_by(
        "-transferred_on", "-id"
    )


def member_registrations(*, member: PartyMember) -> QuerySet[CommunityRegistration]:
    """All of a visible member's registrations: their own branch follows them (反馈), wherever they are."""
    return member.registrations.select_related("community", "grid").order_by("-submitted_at")


@dataclass
class YearTotals:
    year: int
    count: int = 0
    hours: Decimal = Decimal(0)
    solved: int = 0


def _yearly(participations: QuerySet[Participation], key: str) -> QuerySet[Any]:
    return (
        participations.annotate(year=ExtractYear("occurred_on"))
        .values(key, "year")
        .annotate(
            count=Count("id"),
            hours=Sum("hours"),
            solved=Count("id", filter=Q(problem_solved=True)),
        )
        .order_by(key, "-year")
    )


def member_yearly_totals(*, member: PartyMember) -> list[YearTotals]:
    rows = _yearly(
        Participation.objects.filter(registration__member=member), "registration__member"
    )
    return [YearTotals(r["year"], r["count"], r["hours"] or Decimal(0), r["solved"]) for r in rows]


def registration_list(
    *,
    user: Any,
    statuses: Sequence[str] = (),
    community_id: int | None = None,
    member_id: int | None = None,
) -> QuerySet[CommunityRegistration]:
    registrations = permissions.registrations_visible_to(user).select_related(
        "member", "member__person", "member__branch", "unit", "community", "grid"
    )
    if statuses:
        registrations = registrations.filter(status__in=list(statuses))
    if community_id:
        registrations = registrations.filter(community_id=community_id)
    if member_id:
        registrations = registrations.filter(member_id=member_id)
    return registrations.order_by("-submitted_at", "-id")


def registration_get(*, user: Any, registration_id: int) -> CommunityRegistration:
    return (
        permissions.registrations_visible_to(user)
        .select_related("member", "member__person", "member__branch", "unit", "community", "grid")
        .get(pk=registration_id)
    )


def registration_community(*, user: Any, community_id: int, member: PartyMember | None) -> Area:
    """The community a registration is made with: one's own registration may name any community
    (members register where they live); on someone's behalf only a community in scope."""
    own = (
        member is not None
        and member.person.user_id is not None
        and member.person.user_id == user.pk
    )
    communities = Area.objects.filter(kind=AreaKind.COMMUNITY)
    if not own:
        communities = Area.objects.for_user(user).filter(kind=AreaKind.COMMUNITY)
    return communities.get(pk=community_id)


def grids_by_community(*, user: Any, communities: Iterable[Area]) -> dict[int, list[Area]]:
    """The grids of several communities in one query (for the assign selects of the queue)."""
    by_path = {c.path: c.pk for c in communities}
    result: dict[int, list[Area]] = {pk: [] for pk in by_path.values()}
    if not by_path:
        return result
    step = Area.steplen
    condition = Q()
    for path in by_path:
        condition |= Q(path__startswith=path)
    grids = Area.objects.for_user(user).filter(condition, kind=AreaKind.GRID).order_by("code")
    for grid in grids:
        result[by_path[grid.path[:-step]]].append(grid)
    return result


def participation_list(
    *, user: Any, registration_id: int | None = None, year: int | None = None
) -> QuerySet[Participation]:
    participations = permissions.participations_visible_to(user).select_related("registration")
    if registration_id:
        participations = participations.filter(registration_id=registration_id)
    if year:
        participations = participations.filter(occurred_on__year=year)
    return participations.order_by("-occurred_on", "-id")


def branch_get(*, user: Any, branch_id: int) -> PartyOrganisation:
    """A party organisation whose members' feedback the user may read (404 otherwise)."""
    branch = (
        PartyOrganisation.objects.for_user(user).select_related("area", "unit").get(pk=branch_id)
    )
    if not permissions.can_view_branch_feedback(user, branch):
        raise PartyOrganisation.DoesNotExist
    return branch


@dataclass
class FeedbackRow:
    """One member's 双报到 year, fed back to the branch that holds their membership."""

    member: PartyMember
    registrations: list[CommunityRegistration] = field(default_factory=list)
    count: int = 0
    hours: Decimal = Decimal(0)
    solved: int = 0


def branch_feedback(*, user: Any, branch: PartyOrganisation, year: int) -> list[FeedbackRow]:
    """Members of the branch (and its sub-organisations) with their registrations and the year's
    participation count, hours and problems solved; three queries whatever the size."""
    in_branch = permissions.members_visible_to(user).filter(branch__path__startswith=branch.path)
    members = list(
        in_branch.select_related("person", "branch")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=CommunityRegistration.objects.select_related("community", "grid").order_by(
                    "-submitted_at"
                ),
            )
        )
        .order_by("branch__path", "person__name", "id")
    )
    totals = {
        r["registration__member"]: r
        for r in _yearly(
            Participation.objects.filter(
                registration__member__in=in_branch.values("pk"), occurred_on__year=year
            ),
            "registration__member",
        )
    }
    rows = []
    for member in members:
        t = totals.get(member.pk, {})
        rows.append(
            FeedbackRow(
                member=member,
                registrations=list(member.registrations.all()),
                count=t.get("count", 0),
                hours=t.get("hours") or Decimal(0),
                solved=t.get("solved", 0),
            )
        )
    return rows


def person_of_user(*, user: Any) -> Person | None:
    """The resident record linked to this account (本人), if any."""
    return Person.objects.filter(user=user).select_related("area", "household").first()
