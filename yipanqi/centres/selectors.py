"""Reads of the centre network and its 5A rating; every one starts from the user's scope
(`for_user`). Lists select their relations up front, so a page costs the same number of queries
for 5 rows or 500."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from yipanqi.centres import permissions as perms
from yipanqi.centres.choices import AssessmentStatus, CentreLevel, RoundStatus, ScoreLevel
from yipanqi.centres.grading import effective_scores
from yipanqi.centres.models import (
    AssessmentEvent,
    AssessmentRound,
    CentreAssessment,
    Evidence,
    Indicator,
    RatingScheme,
    ScoreEntry,
    ServiceCentre,
)
from yipanqi.centres.scheme_spec import DimensionSpec, IndicatorSpec, SchemeSpec
from yipanqi.organisations.models import Area

GRADED = (AssessmentStatus.PUBLISHED, AssessmentStatus.APPEALED)
LEVEL_ORDER = {CentreLevel.DISTRICT: 0, CentreLevel.TOWN: 1, CentreLevel.GRASSROOTS: 2}
STEPS = ("submit", "street_review", "district_review", "appeal", "appeal_decide")


def centre_list(
    *, user: Any, level: str = "", graded: bool | None = None
) -> QuerySet[ServiceCentre]:
    rows = perms.centres_visible_to(user).select_related("area", "parent")
    if level:
        rows = rows.filter(level=level)
    if graded is not None:
        rows = rows.exclude(grade="") if graded else rows.filter(grade="")
    return rows


def centre_get(*, user: Any, centre_id: int) -> ServiceCentre:
    """One centre in the user's view; out of scope raises DoesNotExist like a missing id."""
    return (
        perms.centres_visible_to(user)
        .select_related("area", "parent")
        .prefetch_related("services")
        .get(pk=centre_id)
    )


@dataclass
class Node:
    centre: ServiceCentre
    children: list["Node"] = field(default_factory=list)


def centre_tree(*, user: Any) -> list[Node]:
    """The network as a tree (one query): roots are the visible centres whose parent is not."""
    centres = list(centre_list(user=user).order_by("scope_path", "name", "id"))
    nodes = {c.pk: Node(c) for c in centres}
    roots: list[Node] = []
    for c in sorted(
        centres, key=lambda c: (LEVEL_ORDER[CentreLevel(c.level)], c.scope_path, c.name)
    ):
        parent = nodes.get(c.parent_id) if c.parent_id else None
        (parent.children if parent else roots).append(nodes[c.pk])
    return roots


def centre_ranking(*, user: Any, level: str = "") -> QuerySet[ServiceCentre]:
    """Graded centres, best first (the latest published grade of each)."""
    return centre_list(user=user, level=level, graded=True).order_by("-score", "name", "id")


def centre_points(*, user: Any) -> list[dict[str, Any]]:
    """The centres with coordinates, as the network scatter draws them (json_script)."""
    rows = centre_list(user=user).exclude(latitude=None).order_by("level", "id")
    return [
        {
            "id": c.pk,
            "name": c.name,
            "level": c.level,
            "grade": c.grade,
            "score": None if c.score is None else float(c.score),
            "lng": float(c.longitude or 0),  # excluded above: never None here
            "lat": float(c.latitude or 0),
            "url": c.get_absolute_url(),
        }
        for c in rows
    ]


def centre_grades(*, centre: ServiceCentre) -> QuerySet[CentreAssessment]:
    """A centre's grade history: its published assessments, newest round first (the centre was
    read through the user's scope; its grades are as public as the centre)."""
    return (
        centre.assessments.filter(status__in=GRADED)
        .select_related("round")
        .order_by("-round__year", "-round_id")
    )


def centre_venues(*, user: Any, centre: ServiceCentre) -> list[Any]:
    """The venues the centre's own area owns (venues app), as far as the user sees them."""
    from yipanqi.venues.selectors import venue_list

    return list(venue_list(user=user, owner_area=centre.area).filter(owner_area=centre.area)[:50])


def round_list(*, user: Any) -> QuerySet[AssessmentRound]:
    """The rounds, each with how many of the assessments the user sees are at each status (a
    community's secretary counts their own centre, not the district's)."""
    seen = perms.assessments_visible_to(user).values("pk")
    counts = {
        f"n_{s}": Count("assessments", filter=Q(assessments__status=s, assessments__in=seen))
        for s in AssessmentStatus.values
    }
    rows = perms.rounds_visible_to(user).select_related("scheme").annotate(**counts)
    return rows.order_by("-year", "-id")


def round_get(*, user: Any, round_id: int) -> AssessmentRound:
    return perms.rounds_visible_to(user).select_related("scheme").get(pk=round_id)


def round_assessments(
    *, user: Any, round_: AssessmentRound, status: str = ""
) -> QuerySet[CentreAssessment]:
    rows = perms.assessments_visible_to(user).filter(round=round_)
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("centre", "centre__area").order_by("centre__scope_path", "centre_id")


def round_status_counts(*, user: Any, round_: AssessmentRound) -> dict[str, int]:
    rows = round_assessments(user=user, round_=round_).order_by().values("status")
    counts = {r["status"]: r["n"] for r in rows.annotate(n=Count("pk"))}
    return {s: counts.get(s, 0) for s in AssessmentStatus.values}


def assessment_get(*, user: Any, assessment_id: int) -> CentreAssessment:
    return (
        perms.assessments_visible_to(user)
        .select_related("centre", "centre__area", "round", "round__scheme")
        .get(pk=assessment_id)
    )


@dataclass
class SheetRow:
    """One indicator of an assessment: the latest score and reason at each level, the score that
    counts, every entry given (history) and the evidence files."""

    indicator: Indicator
    latest: dict[str, ScoreEntry] = field(default_factory=dict)
    history: list[ScoreEntry] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    counting: Decimal | None = None

    @property
    def self_entry(self) -> ScoreEntry | None:
        return self.latest.get(ScoreLevel.SELF)

    @property
    def street_entry(self) -> ScoreEntry | None:
        return self.latest.get(ScoreLevel.STREET)

    @property
    def district_entry(self) -> ScoreEntry | None:
        return self.latest.get(ScoreLevel.DISTRICT)


@dataclass
class SheetDimension:
    name: str
    weight: Decimal
    rows: list[SheetRow]


def assessment_sheet(*, assessment: CentreAssessment) -> list[SheetDimension]:
    """The scoring sheet of an assessment, dimension by dimension (three queries)."""
    indicators = Indicator.objects.filter(dimension__scheme_id=assessment.round.scheme_id)
    rows = {i.pk: SheetRow(i) for i in indicators.select_related("dimension")}
    entries = assessment.scores.select_related("given_by").order_by("id")
    for entry in entries:
        row = rows[entry.indicator_id]
        row.latest[entry.level] = entry
        row.history.append(entry)
    counting = effective_scores((e.indicator_id, e.level, e.value) for e in entries)
    for evidence in assessment.evidence.order_by("id"):
        rows[evidence.indicator_id].evidence.append(evidence)
    sheet: dict[int, SheetDimension] = {}
    for row in rows.values():
        row.counting = counting.get(row.indicator.pk)
        d = row.indicator.dimension
        sheet.setdefault(d.pk, SheetDimension(d.name, d.weight, [])).rows.append(row)
    return list(sheet.values())


def assessment_events(*, assessment: CentreAssessment) -> QuerySet[AssessmentEvent]:
    return assessment.events.select_related("actor").order_by("created_at", "id")


def assessment_steps(*, user: Any, assessment: CentreAssessment) -> set[str]:
    """The steps open to this user on this assessment now (the page shows only these)."""
    status, steps = assessment.status, set()
    open_round = assessment.round.status == RoundStatus.OPEN
    if open_round and status == AssessmentStatus.SELF:
        if perms.can_speak_for_centre(user, assessment):
            steps |= {"self_assess", "submit"}
    if open_round and status == AssessmentStatus.SUBMITTED:
        if perms.can_street_review(user, assessment):
            steps.add("street_review")
    if open_round and status == AssessmentStatus.STREET_REVIEWED:
        if perms.can_district_review(user, assessment):
            steps.add("district_review")
    if status == AssessmentStatus.PUBLISHED and assessment.round.status == RoundStatus.PUBLISHED:
        if perms.can_speak_for_centre(user, assessment):
            steps.add("appeal")
    if status == AssessmentStatus.APPEALED and perms.can_district_review(user, assessment):
        steps.add("appeal_decide")
    return steps


def evidence_get(*, user: Any, evidence_id: int) -> Evidence:
    visible = perms.assessments_visible_to(user).values("pk")
    return Evidence.objects.get(pk=evidence_id, assessment_id__in=visible)


def my_assessments(*, user: Any) -> QuerySet[CentreAssessment]:
    """Open assessments waiting for a step this user may take (the home card's to-dos)."""
    return perms.assessments_visible_to(user).filter(round__status=RoundStatus.OPEN)


def assessment_indicators(*, assessment: CentreAssessment) -> QuerySet[Indicator]:
    return Indicator.objects.filter(dimension__scheme_id=assessment.round.scheme_id)


def assessment_list(
    *, user: Any, round_id: int | None = None, status: str = ""
) -> QuerySet[CentreAssessment]:
    rows = perms.assessments_visible_to(user).select_related("centre")
    if round_id:
        rows = rows.filter(round_id=round_id)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-round_id", "centre__scope_path", "id")


def scheme_grades(*, user: Any) -> list[str]:
    """The grades of the user's district scheme, best first (the map's colours follow this)."""
    scheme = RatingScheme.objects.for_user(user).filter(active=True).first()
    if scheme is None:
        return []
    return list(scheme.thresholds.order_by("-min_score").values_list("grade", flat=True))


def district_managed(*, user: Any) -> Area | None:
    """The district whose network the user runs (opens rounds in), if any."""
    for area in Area.objects.for_user(user, "change").filter(depth=1):
        if perms.can_manage_network(user, area):
            return area
    return None


def scheme_in_use(*, user: Any) -> RatingScheme | None:
    """The scheme in use in the user's district, if they may see it."""
    return RatingScheme.objects.for_user(user).filter(active=True).first()


def scheme_get(*, user: Any, scheme_id: int) -> RatingScheme:
    return RatingScheme.objects.for_user(user).get(pk=scheme_id)


def scheme_list(*, user: Any) -> QuerySet[RatingScheme]:
    """The schemes the user sees, the one in use first, with how many rounds used each."""
    rows = RatingScheme.objects.for_user(user).annotate(n_rounds=Count("rounds"))
    return rows.order_by("-active", "-id")


def scheme_editions(*, user: Any, scheme: RatingScheme) -> QuerySet[RatingScheme]:
    """Every edition of the scheme's district, the one in use first."""
    return scheme_list(user=user).filter(district_code=scheme.district_code)


def scheme_spec(scheme: RatingScheme) -> SchemeSpec:
    """What a stored scheme says (three queries)."""
    indicators: dict[int, list[IndicatorSpec]] = {}
    for i in Indicator.objects.filter(dimension__scheme=scheme).order_by("position", "id"):
        spec = IndicatorSpec(i.name, i.max_score, i.weight, i.guidance)
        indicators.setdefault(i.dimension_id, []).append(spec)
    dimensions = [
        DimensionSpec(d.name, d.weight, indicators.get(d.pk, []))
        for d in scheme.dimensions.order_by("position", "id")
    ]
    thresholds = [(t.grade, t.min_score) for t in scheme.thresholds.order_by("-min_score")]
    return SchemeSpec(scheme.name, dimensions, thresholds)
