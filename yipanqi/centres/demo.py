"""The Fenghua 2021 demo's centre network and 5A rating: the district centre ("1"), one centre per
town/street ("12") and a grassroots centre in every community and village ("X"); the default
scheme and service catalogue; the first-half 2021 round completed (self-assessment, street and
district reviews, grades published, two appeals decided, closed) and the 2021 annual round in
progress (centres at every step; 奉中社区's centre has not started, the browser test takes it).

Every record goes through this app's actions with the system actor acting for the demo's
administrators, replayed at the time each step would have happened. Coordinates are
approximations around each town's seat (not surveyed): enough to draw the network as a scatter.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from django.db.models import Count

from yipanqi.centres import actions
from yipanqi.centres.choices import AssessmentStatus, CentreLevel, ScoreLevel
from yipanqi.centres.models import CentreAssessment, Indicator, ServiceCentre
from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.clock import replay

# Approximate seats (latitude, longitude) of the district and its towns/streets.
DISTRICT_SEAT = (Decimal("29.6561"), Decimal("121.4066"))
TOWN_SEATS = {
    "锦屏街道": ("29.6612", "121.4050"),
    "岳林街道": ("29.6480", "121.4330"),
    "江口街道": ("29.7030", "121.4310"),
    "西坞街道": ("29.7060", "121.4920"),
    "萧王庙街道": ("29.6290", "121.3330"),
    "方桥街道": ("29.7350", "121.4610"),
    "尚田街道": ("29.5830", "121.3960"),
    "莼湖街道": ("29.5640", "121.5330"),
    "溪口镇": ("29.6800", "121.2400"),
    "裘村镇": ("29.5210", "121.5830"),
    "大堰镇": ("29.5480", "121.1830"),
    "松岙镇": ("29.4560", "121.6610"),
}
HOURS = (
    "周一至周五 8:30–17:00；周六 9:00–12:00",
    "周一至周日 8:30–20:00（错时延时服务）",
    "周一至周五 8:30–11:30、13:30–17:00",
)
STREET_REASONS = ("台账资料不全", "现场查看设施有缺损", "服务清单未及时更新", "活动记录偏少")
DISTRICT_REASONS = ("复核后按现场情况调整", "补充材料后认可", "与暗访结果不符")
UPCOMING_CENTRE = "奉中社区"  # its centre has not started the annual round (browser test)
SUBMITTED_CENTRE = "民主社区"  # waits for the street's review in the annual round


def build_centres(demo: Any) -> None:
    district = demo.areas[demo.plan.code]
    admin = demo.users["district_admin"]
    as_district = system("demo", on_behalf_of=admin)
    with replay(clock.at(1, 5, 9)):
        services = actions.services_ensure_defaults(district=district, actor=as_district)
        actions.scheme_create_default(district=district, actor=as_district)
        _network(demo, district, services, as_district)
    indicators = list(
        Indicator.objects.filter(dimension__scheme__district_code=district.district_code)
    )
    _first_round(demo, district, indicators, as_district)
    _annual_round(demo, district, indicators, as_district)


# --- the network --------------------------------------------------------------------------------


def _near(seat: tuple[Any, Any], rng: random.Random, spread: float) -> tuple[Decimal, Decimal]:
    lat, lng = (Decimal(str(v)) for v in seat)
    dlat = Decimal(str(round(rng.uniform(-spread, spread), 4)))
    dlng = Decimal(str(round(rng.uniform(-spread, spread), 4)))
    return lat + dlat, lng + dlng


def _staff(rng: random.Random) -> str:
    head, worker = names.people(rng, 2)
    return f"{head}（站长）、{worker}（社工）"


def _spec(area, level, name, parent, services, position, rng) -> actions.CentreSpec:
    lat, lng = position
    return actions.CentreSpec(
        area=area,
        level=level,
        name=name,
        parent=parent,
        address=f"{area.name}{rng.randint(1, 199)}号",
        latitude=lat,
        longitude=lng,
        opening_hours=rng.choice(HOURS),
        staff_on_duty=_staff(rng),
        services=services,
    )


def _network(demo: Any, district: Any, services: list, actor: Any) -> None:
    rng = names.rng_for("centres", district.code)
    hub_spec = _spec(
        district,
        CentreLevel.DISTRICT,
        f"{district.name}党群服务中心",
        None,
        services,
        DISTRICT_SEAT,
        rng,
    )
    hub = actions.centre_create(spec=hub_spec, actor=actor)
    towns = []
    for town_plan in demo.plan.towns:
        town = demo.areas[town_plan.code]
        seat = _near(TOWN_SEATS.get(town.name, DISTRICT_SEAT), rng, 0.002)
        name = f"{town.name}党群服务中心"
        towns.append(_spec(town, CentreLevel.TOWN, name, hub, services, seat, rng))
    town_centres = actions.centres_create_bulk(specs=towns, actor=actor)
    grassroots = []
    for town_plan, centre in zip(demo.plan.towns, town_centres, strict=True):
        seat = (centre.latitude, centre.longitude)
        for plan in town_plan.communities:
            area = demo.areas[plan.code]
            local = names.rng_for("centres", plan.code)
            offered = local.sample(services, local.randint(5, 8))
            suffix = "党群服务站" if plan.is_urban else "党群服务中心"
            grassroots.append(
                _spec(
                    area,
                    CentreLevel.GRASSROOTS,
                    f"{area.name}{suffix}",
                    centre,
                    offered,
                    _near(seat, local, 0.035),
                    local,
                )
            )
    actions.centres_create_bulk(specs=grassroots, actor=actor)


# --- the rounds ---------------------------------------------------------------------------------


def _quality(centre: ServiceCentre, rng: random.Random) -> float:
    low = 0.72 if centre.level == CentreLevel.TOWN else 0.5
    return rng.uniform(low, 1.0)


def _scores(indicators: list[Indicator], quality: float, rng: random.Random) -> dict[int, Decimal]:
    scores = {}
    for ind in indicators:
        share = min(1.0, max(0.2, quality + rng.uniform(-0.12, 0.12)))
        halves = round(float(ind.max_score) * share * 2)
        scores[ind.pk] = Decimal(halves) / 2
    return scores


def _lowered(
    scores: dict[int, Decimal], rng: random.Random, count: int, reasons: tuple[str, ...]
) -> dict[int, tuple[Decimal, str]]:
    """A reviewer's changes: `count` scores lowered by one or two points, each with a reason."""
    changed = {}
    for pk in rng.sample(sorted(scores), min(count, len(scores))):
        value = max(Decimal(0), scores[pk] - Decimal(rng.choice((1, 2))))
        changed[pk] = (value, rng.choice(reasons))
    return changed


TOWN_ADMINS = {"锦屏街道": "jp_admin", "岳林街道": "yl_admin"}  # the demo's street accounts


def _actors(demo: Any, assessment: CentreAssessment) -> tuple[Any, Any]:
    """(the centre's own people, its street) as the system acts for them in the demo."""
    centre = assessment.centre
    town = centre.area if centre.level == CentreLevel.TOWN else centre.parent.area
    street = demo.users.get(TOWN_ADMINS.get(town.name, ""))
    own = (
        street if centre.level == CentreLevel.TOWN else demo.community_admins.get(centre.area.code)
    )
    return system("demo", on_behalf_of=own), system("demo", on_behalf_of=street)


def _sheet(
    demo: Any,
    assessment: CentreAssessment,
    indicators: list[Indicator],
    until: str,
    when: dict[str, datetime.datetime],
    district_actor: Any,
) -> actions.Sheet:
    """One assessment's scores up to `until`: the centre's own, the street's and the district's
    changes (each with a reason), at their times."""
    rng = names.rng_for("centres-round", str(assessment.round_id), str(assessment.centre_id))
    own, street = _actors(demo, assessment)
    scores = _scores(indicators, _quality(assessment.centre, rng), rng)
    if until == AssessmentStatus.SELF and rng.random() < 0.5:  # half-way through the sheet
        scores = dict(list(scores.items())[: len(scores) // 2])
    elif until == AssessmentStatus.SELF:
        scores = {}
    street_changes = _lowered(scores, rng, rng.choice((0, 1, 1, 2)), STREET_REASONS)
    district_changes = _lowered(scores, rng, rng.choice((0, 0, 1)), DISTRICT_REASONS)
    return actions.Sheet(
        assessment=assessment,
        until=until,
        scores={
            ScoreLevel.SELF: {pk: (v, "") for pk, v in scores.items()},
            ScoreLevel.STREET: street_changes,
            ScoreLevel.DISTRICT: district_changes,
        },
        actors={
            ScoreLevel.SELF: own,
            ScoreLevel.STREET: street,
            ScoreLevel.DISTRICT: district_actor,
        },
        times={
            ScoreLevel.SELF: when["self"],
            ScoreLevel.STREET: when["street"],
            ScoreLevel.DISTRICT: when["district"],
        },
    )


def _assessments(round_: Any) -> list[CentreAssessment]:
    return list(
        CentreAssessment.objects.filter(round=round_)
        .select_related("centre", "centre__area", "centre__parent__area", "round", "round__scheme")
        .order_by("centre__scope_path", "id")
    )


def _first_round(demo: Any, district: Any, indicators: list, actor: Any) -> None:
    with replay(clock.at(3, 1, 9)):
        round_ = actions.round_open(
            district=district, title="2021年上半年党群服务中心5A评定", year=clock.YEAR, actor=actor
        )
    when = {
        "self": clock.at(3, 25, 10),
        "street": clock.at(4, 20, 10),
        "district": clock.at(5, 18, 10),
    }
    rows = _assessments(round_)
    until = AssessmentStatus.DISTRICT_REVIEWED
    sheets = [_sheet(demo, a, indicators, until, when, actor) for a in rows]
    actions.assessments_record_bulk(round_=round_, sheets=sheets, actor=actor)
    with replay(clock.at(6, 1, 9)):
        actions.round_publish(round_=round_, actor=actor)
    _appeals(demo, rows, indicators, actor)
    with replay(clock.at(7, 1, 9)):
        actions.round_close(round_=round_, actor=actor)


def _appeals(demo: Any, rows: list[CentreAssessment], indicators: list, actor: Any) -> None:
    """Two centres with the lowest grades appeal; the district upholds one and rejects the other."""
    low = sorted((r for r in rows if r.centre.level == CentreLevel.GRASSROOTS), key=_total)[:2]
    for n, assessment in enumerate(low):
        assessment.refresh_from_db()
        own, _street = _actors(demo, assessment)
        with replay(clock.at(6, 8 + n, 10)):
            actions.assessment_appeal(
                assessment=assessment, reason="已补充活动台账和照片, 请求复核", actor=own
            )
        upheld = n == 0
        raised = {i.pk: i.max_score * Decimal("0.8") for i in indicators[:3]} if upheld else {}
        with replay(clock.at(6, 14, 15)):
            actions.assessment_appeal_decide(
                assessment=assessment,
                upheld=upheld,
                reason="复核补充材料后调整" if upheld else "补充材料不改变评定结果",
                scores=raised,
                actor=actor,
            )


def _total(assessment: CentreAssessment) -> Decimal:
    assessment.refresh_from_db(fields=["total"])
    return assessment.total or Decimal(0)


def _annual_step(assessment: CentreAssessment, rng: random.Random) -> str:
    name = assessment.centre.area.name
    if name == UPCOMING_CENTRE:
        return ""
    if name == SUBMITTED_CENTRE:
        return AssessmentStatus.SUBMITTED
    return rng.choices(
        (
            AssessmentStatus.SELF,
            AssessmentStatus.SUBMITTED,
            AssessmentStatus.STREET_REVIEWED,
            AssessmentStatus.DISTRICT_REVIEWED,
        ),
        weights=(4, 3, 2, 1),
    )[0]


def _annual_round(demo: Any, district: Any, indicators: list, actor: Any) -> None:
    with replay(clock.at(11, 15, 9)):
        round_ = actions.round_open(
            district=district,
            title="2021年度党群服务中心5A评定",
            year=clock.YEAR,
            actor=actor,
            self_due=datetime.date(clock.YEAR, 12, 10),
        )
    when = {
        "self": clock.at(12, 1, 10),
        "street": clock.at(12, 15, 10),
        "district": clock.at(12, 24, 10),
    }
    rng = names.rng_for("centres-annual")
    sheets = []
    for assessment in _assessments(round_):
        until = _annual_step(assessment, rng)
        if until:
            sheets.append(_sheet(demo, assessment, indicators, until, when, actor))
    actions.assessments_record_bulk(round_=round_, sheets=sheets, actor=actor)


def centres_counts() -> dict[str, int]:
    by_level = dict(ServiceCentre.objects.values_list("level").annotate(n=Count("id")).order_by())
    return {
        "town/street centres": by_level.get(CentreLevel.TOWN, 0),
        "grassroots centres": by_level.get(CentreLevel.GRASSROOTS, 0),
        "centre assessments": CentreAssessment.objects.count(),
    }
