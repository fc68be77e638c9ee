"""Test data: the factory district's centre network (1 + 2 towns + 4 communities), the default
scheme and catalogue, and an open round; helpers to walk an assessment through its steps."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yipanqi.centres import actions
from yipanqi.centres.choices import CentreLevel
from yipanqi.centres.models import (
    AssessmentRound,
    CentreAssessment,
    Indicator,
    RatingScheme,
    ServiceCentre,
)
from yipanqi.core.actors import system
from yipanqi.core.testing import tiny_png

TEST = system("test")
PNG = tiny_png()
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


@dataclass
class CentresWorld:
    district: Any  # organisations.tests.factories.District
    scheme: RatingScheme
    hub: ServiceCentre  # the district centre
    towns: list[ServiceCentre] = field(default_factory=list)  # [A, B]
    grassroots: list[ServiceCentre] = field(default_factory=list)  # [A1, A2, B1, B2]
    round: AssessmentRound | None = None

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas

    def indicators(self) -> list[Indicator]:
        return list(Indicator.objects.filter(dimension__scheme=self.scheme))

    def assessment(self, centre: ServiceCentre) -> CentreAssessment:
        return CentreAssessment.objects.get(round=self.round, centre=centre)


def _spec(area: Any, level: str, name: str, parent: Any, services: list, n: int) -> Any:
    return actions.CentreSpec(
        area=area,
        level=level,
        name=name,
        parent=parent,
        address=f"{area.name}中心路{n}号",
        latitude=Decimal("29.65") + Decimal(n) / 100,
        longitude=Decimal("121.40") + Decimal(n) / 100,
        opening_hours="周一至周五 8:30–17:00",
        staff_on_duty="值班社工",
        services=services[:3],
    )


def build_centres_world(d: Any, *, open_round: bool = True) -> CentresWorld:
    services = actions.services_ensure_defaults(district=d.district, actor=TEST)
    scheme = actions.scheme_create_default(district=d.district, actor=TEST)
    hub = actions.centre_create(
        spec=_spec(d.district, CentreLevel.DISTRICT, "奉化区党群服务中心", None, services, 0),
        actor=TEST,
    )
    w = CentresWorld(district=d, scheme=scheme, hub=hub)
    for t, town in enumerate(d.towns):
        spec = _spec(town, CentreLevel.TOWN, f"{town.name}党群服务中心", hub, services, t + 1)
        w.towns.append(actions.centre_create(spec=spec, actor=TEST))
    for c, community in enumerate(d.communities):
        parent = w.towns[c // 2]
        spec = _spec(
            community,
            CentreLevel.GRASSROOTS,
            f"{community.name}党群服务站",
            parent,
            services,
            c + 3,
        )
        w.grassroots.append(actions.centre_create(spec=spec, actor=TEST))
    if open_round:
        w.round = actions.round_open(
            district=d.district, title="2021年度5A评定", year=2021, actor=TEST
        )
    return w


def full_marks(w: CentresWorld, value: Decimal | None = None) -> dict[int, Decimal]:
    return {i.pk: value if value is not None else i.max_score for i in w.indicators()}


def self_assessed(w: CentresWorld, centre: ServiceCentre, scores: dict | None = None) -> Any:
    """The centre's assessment, self-assessed (full marks unless given) and submitted."""
    assessment = w.assessment(centre)
    actions.assessment_self_assess(
        assessment=assessment, scores=scores or full_marks(w), actor=TEST
    )
    return actions.assessment_submit(assessment=assessment, actor=TEST)


def reviewed(w: CentresWorld, centre: ServiceCentre, scores: dict | None = None) -> Any:
    assessment = self_assessed(w, centre, scores)
    actions.assessment_street_review(assessment=assessment, actor=TEST)
    return actions.assessment_district_review(assessment=assessment, actor=TEST)
