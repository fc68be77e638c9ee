"""Reads of the socialorgs app; every one starts from the user's scope (`for_user`), so out of scope
is "does not exist" (404). Lists select their relations up front: a page costs the same number
of queries for 5 rows or 500."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from yipanqi.core.pii import mask_free_text
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.socialorgs.choices import PUBLIC, AppStatus, NeedStatus, TrancheStatus
from yipanqi.socialorgs.models import (
    Application,
    ApplicationEvent,
    Criterion,
    DeliveryLog,
    Engagement,
    Incubation,
    Need,
    Offer,
    OrgStaff,
    ReviewAssignment,
    SocialOrganisation,
    Tranche,
    VentureRound,
)

# --- registry --------------------------------------------------------------------------------


def org_list(
    *, user: Any, legal_form: str = "", query: str = "", action: str = "view"
) -> QuerySet[SocialOrganisation]:
    rows = SocialOrganisation.objects.for_user(user, action).select_related("area", "hub")
    if legal_form:
        rows = rows.filter(legal_form=legal_form)
    if query:
        rows = rows.filter(Q(name__contains=query) | Q(credit_code=query.upper()))
    return rows


def org_get(*, user: Any, org_id: int, action: str = "view") -> SocialOrganisation:
    return (
        SocialOrganisation.objects.for_user(user, action)
        .select_related("area", "hub", "party_organisation", "unit")
        .get(pk=org_id)
    )


def my_organisations(*, user: Any) -> QuerySet[SocialOrganisation]:
    """The organisations the user acts for as their staff."""
    if not getattr(user, "pk", None):
        return SocialOrganisation.objects.none()
    ids = OrgStaff.objects.filter(user=user).values("organisation_id")
    return SocialOrganisation.objects.for_user(user).filter(pk__in=ids).select_related("area")


def need_communities(*, user: Any) -> QuerySet[Area]:
    """The communities the user may change (candidates to post a need for), by path; whether
    they may post for each is `permissions.can_post_need`."""
    return Area.objects.for_user(user, "change").filter(kind=AreaKind.COMMUNITY).order_by("path")


def offer_areas(*, district_code: str) -> list[Area]:
    """The areas of the district an offer may serve (grids left out), by path: an offer's reach
    is public, so this list is not scoped."""
    return list(
        Area.objects.filter(district_code=district_code)
        .exclude(kind=AreaKind.GRID)
        .order_by("path")
        .only("pk", "name", "path", "kind", "district_code")
    )


def org_incubations(*, organisation: SocialOrganisation) -> list[Incubation]:
    """The organisation's incubation records as every reader of its page sees them: numbers typed
    into the mentor's notes (a phone, an ID) masked (core.pii.mask_free_text)."""
    rows = list(organisation.incubations.select_related("street"))
    for row in rows:
        row.mentor_notes = mask_free_text(row.mentor_notes)
    return rows


def incubation_list(*, user: Any, stage: str = "") -> QuerySet[Incubation]:
    rows = Incubation.objects.for_user(user).select_related("organisation", "street")
    return rows.filter(status=stage) if stage else rows


def org_offers(*, user: Any, organisation: SocialOrganisation) -> QuerySet[Offer]:
    return Offer.objects.for_user(user).filter(organisation=organisation).select_related("area")


# --- needs, offers, engagements ----------------------------------------------------------------


def offer_list(*, user: Any, kind: str = "") -> QuerySet[Offer]:
    rows = Offer.objects.for_user(user).filter(active=True).select_related("organisation", "area")
    return rows.filter(kind=kind) if kind else rows


def offer_get(*, user: Any, offer_id: int) -> Offer:
    return Offer.objects.for_user(user).select_related("organisation", "area").get(pk=offer_id)


def need_list(*, user: Any, status: str = "", action: str = "view") -> QuerySet[Need]:
    rows = Need.objects.for_user(user, action).select_related("community")
    return rows.filter(status=status) if status else rows


def need_get(*, user: Any, need_id: int, action: str = "view") -> Need:
    return Need.objects.for_user(user, action).select_related("community").get(pk=need_id)


def suggestions(*, user: Any, need: Need, limit: int = 10) -> list[Offer]:
    """Matching (智能匹配): active offers of the need's kind serving its community with room for its
    people, best-rated organisations first, then the most room."""
    if need.status != NeedStatus.OPEN:
        return []
    step = Area.steplen
    paths = [need.scope_path[:end] for end in range(step, len(need.scope_path) + 1, step)]
    rows = (
        Offer.objects.for_user(user)
        .filter(active=True, kind=need.kind, scope_path__in=paths, capacity__gte=need.people)
        .select_related("organisation", "area")
        .order_by("-organisation__rating", "-capacity", "id")
    )
    return list(rows[:limit])


def engagement_list(*, user: Any, kind: str = "") -> QuerySet[Engagement]:
    rows = Engagement.objects.for_user(user).select_related("organisation", "community")
    return rows.filter(kind=kind) if kind else rows


def engagement_get(*, user: Any, engagement_id: int) -> Engagement:
    return (
        Engagement.objects.for_user(user)
        .select_related("organisation", "community", "need", "offer")
        .get(pk=engagement_id)
    )


def engagement_logs(*, engagement: Engagement) -> QuerySet[DeliveryLog]:
    return engagement.logs.select_related("order")


# --- venture rounds ------------------------------------------------------------------------------


def round_list(*, user: Any) -> QuerySet[VentureRound]:
    counts = {s: Count("applications", filter=Q(applications__status=s)) for s in AppStatus.values}
    return VentureRound.objects.for_user(user).annotate(
        n_apps=Count("applications"), **{f"n_{s}": c for s, c in counts.items()}
    )


def round_get(*, user: Any, round_id: int) -> VentureRound:
    return VentureRound.objects.for_user(user).prefetch_related("criteria").get(pk=round_id)


def round_pipeline(*, user: Any, round_: VentureRound) -> list[tuple[str, Any, list[Application]]]:
    """The round's applications the user reaches, by stage (pipeline board): (status, label, rows)."""
    rows = application_list(user=user, round_id=round_.pk)
    by_status: dict[str, list[Application]] = {s: [] for s in AppStatus.values}
    for app in rows:
        by_status[app.status].append(app)
    return [(s, AppStatus(s).label, by_status[s]) for s in AppStatus.values]


def application_list(
    *, user: Any, round_id: int | None = None, status: str = ""
) -> QuerySet[Application]:
    rows = Application.objects.for_user(user).select_related("organisation", "round")
    if round_id:
        rows = rows.filter(round_id=round_id)
    return rows.filter(status=status) if status else rows


def application_get(*, user: Any, application_id: int) -> Application:
    return (
        Application.objects.for_user(user)
        .select_related("organisation", "round", "organisation__area")
        .prefetch_related("partners")
        .get(pk=application_id)
    )


def application_parts(*, application: Application) -> dict[str, Any]:
    return {
        "lines": list(application.lines.all()),
        "events": list(
            ApplicationEvent.objects.filter(application=application).select_related("actor")
        ),
        "tranches": list(application.tranches.all()),
        "reviews": list(application.reviews.select_related("reviewer").prefetch_related("scores")),
        "criteria": list(Criterion.objects.filter(round_id=application.round_id)),
    }


def my_reviews(*, user: Any) -> QuerySet[ReviewAssignment]:
    """The reviews assigned to the user (their scoring list), the newest round first."""
    if not getattr(user, "pk", None):
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer=user)
        .select_related("application", "application__round", "application__organisation")
        .order_by("submitted_at", "-application__round__year", "application_id")
    )


def review_get(*, user: Any, review_id: int) -> ReviewAssignment:
    """One of the user's own reviews (anyone else's: does not exist)."""
    return my_reviews(user=user).get(pk=review_id)


@dataclass
class PublicRow:
    application: Application
    rank: int


def publicity(*, user: Any, round_: VentureRound) -> list[PublicRow]:
    """公示名单: the listed and funded projects of a round the user may read (a public notice: the
    round's visibility is the gate, not the applicant's area)."""
    rows = (
        Application.objects.filter(round=round_, status__in=PUBLIC)
        .select_related("organisation")
        .order_by("-mean_score", "id")
    )
    return [PublicRow(a, i) for i, a in enumerate(rows, start=1)]


def tranche_list(*, user: Any, round_id: int | None = None) -> QuerySet[Tranche]:
    """The funder's payments view: the tranches of the applications the user reaches."""
    apps = Application.objects.for_user(user)
    if round_id:
        apps = apps.filter(round_id=round_id)
    return (
        Tranche.objects.filter(application__in=apps.values("pk"))
        .select_related("application", "application__organisation", "application__round")
        .order_by("-application__round__year", "application_id", "number")
    )


def tranche_get(*, user: Any, tranche_id: int) -> Tranche:
    return tranche_list(user=user).get(pk=tranche_id)


def tranche_totals(rows: QuerySet[Tranche]) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for status, amount in rows.values_list("status", "amount_fen"):
        totals[status] += amount
    return {s: totals.get(s, 0) for s in TrancheStatus.values}


def staff_prefetch() -> Prefetch:
    return Prefetch("staff", queryset=OrgStaff.objects.select_related("user"))


def public_application_get(*, user: Any, application_id: int) -> Application:
    """A project on a public notice the user may read (to raise an objection)."""
    rounds = VentureRound.objects.for_user(user).values("pk")
    return Application.objects.select_related("round").get(
        pk=application_id, status__in=PUBLIC, round__in=rounds
    )


def reviewer_candidates(*, user: Any, round_: VentureRound) -> QuerySet[Any]:
    """Staff accounts holding a role in the round's district: whom the funder may ask to review."""
    from yipanqi.accounts.models import AccountKind, User
    from yipanqi.organisations.models import RoleGrant

    grants = RoleGrant.objects.active().filter(area__district_code=round_.district_code)
    return User.objects.filter(
        is_active=True, kind=AccountKind.STAFF, pk__in=grants.values("user_id")
    ).order_by("username")


def reviewers_by_id(*, ids: list[int], active_only: bool = False) -> list[Any]:
    """The accounts named as reviewers, by id (whether they may review is the action's check);
    `active_only` leaves out deactivated accounts."""
    from yipanqi.accounts.models import User

    rows = User.objects.filter(pk__in=ids)
    if active_only:
        rows = rows.filter(is_active=True)
    return list(rows)


def partner_orgs(*, round_: VentureRound, ids: list[int]) -> list[SocialOrganisation]:
    """Partners named on an application: registered organisations of the round's district (the
    registry's names are public; an applicant names partners it cannot otherwise read)."""
    return list(SocialOrganisation.objects.filter(pk__in=ids, district_code=round_.district_code))


# --- the administrators' forms: registering, staff, incubation, purchases, calls ---------------


def register_areas(*, user: Any) -> list[Area]:
    """The areas the user may register or file an organisation in (grids left out), by path."""
    from yipanqi.socialorgs.permissions import can_register

    rows = Area.objects.for_user(user, "change").exclude(kind=AreaKind.GRID).order_by("path")
    return [a for a in rows if can_register(user, a)]


def hub_choices(*, district_codes: set[str]) -> QuerySet[SocialOrganisation]:
    """The hub organisations of the districts (the registry's names are public: a street files a
    member of the district's hub it cannot otherwise read)."""
    return SocialOrganisation.objects.filter(is_hub=True, district_code__in=district_codes)


def hub_get(*, district_code: str, org_id: int) -> SocialOrganisation:
    return hub_choices(district_codes={district_code}).get(pk=org_id)


def party_choices(*, user: Any, limit: int = 300) -> list[Any]:
    """Party branches in the user's scope an organisation may belong to (支部 / 总支)."""
    from yipanqi.organisations.choices import PartyOrganisationKind as Kind
    from yipanqi.organisations.selectors import party_organisation_list

    rows = party_organisation_list(user=user).filter(kind__in=(Kind.BRANCH, Kind.GENERAL_BRANCH))
    return list(rows[:limit])


def party_get(*, user: Any, party_id: int) -> Any:
    from yipanqi.organisations.selectors import party_organisation_get

    return party_organisation_get(user=user, organisation_id=party_id)


def area_in_scope(*, user: Any, area_id: int, kind: str = "") -> Area:
    """One area the user may change (of `kind`), or DoesNotExist (404)."""
    rows = Area.objects.for_user(user, "change")
    return (rows.filter(kind=kind) if kind else rows).get(pk=area_id)


def streets(*, user: Any) -> QuerySet[Area]:
    """The streets the user administers (whose incubation centres they record)."""
    return Area.objects.for_user(user, "change").filter(kind=AreaKind.TOWN).order_by("path")


def purchase_communities(*, user: Any) -> list[Area]:
    from yipanqi.socialorgs.permissions import can_purchase

    rows = Area.objects.for_user(user, "change").filter(kind=AreaKind.COMMUNITY).order_by("path")
    return [a for a in rows if can_purchase(user, a)]


def open_incubation(*, organisation: SocialOrganisation) -> Incubation | None:
    """The organisation's stay at an incubation centre that has not ended, if any."""
    from yipanqi.socialorgs.choices import IncubationStage

    open_stages = (IncubationStage.ENTERED, IncubationStage.INCUBATING)
    return organisation.incubations.filter(status__in=open_stages).select_related("street").first()


def org_staff(*, user: Any, organisation: SocialOrganisation) -> list[dict[str, Any]]:
    """The organisation's staff accounts with whether each holds the social-organisation staff
    role (the grants the user may read; two queries)."""
    from yipanqi.organisations.choices import Role
    from yipanqi.organisations.selectors import grants_held

    rows = list(organisation.staff.select_related("user").order_by("id"))
    held = grants_held(user=user, holders=[r.user for r in rows])
    return [
        {
            "user": r.user,
            "since": r.created_at,
            "has_role": any(g.role == Role.SOCIAL_ORG_STAFF for g in held.get(r.user_id, [])),
        }
        for r in rows
    ]


def account_by_username(*, username: str) -> Any:
    """An active account by its username (None: no such account)."""
    from yipanqi.accounts.selectors import user_by_username

    return user_by_username(username=username)
