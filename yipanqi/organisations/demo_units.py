"""Units in each town: resident units (驻区单位), 两新 organisations and property companies.

Names are synthetic except for generic public bodies (a street office, a town's health centre).
Only the synthetic enterprises and organisations get unified social credit codes, all with a
correct check character; region 330283 (the former 奉化市) marks registrations from before 2017.
"""

import random
from dataclasses import dataclass

from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.fenghua import TownPlan
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations.actions import NewUnit, units_create_bulk
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.choices import PartyOrganisationKind as P
from yipanqi.organisations.choices import UnitKind as K
from yipanqi.organisations.demo import DEMO
from yipanqi.organisations.models import Area
from yipanqi.organisations.validators import USCC_ALPHABET, USCC_WEIGHTS

# District organs and institutions sitting in the two central streets (the district seat).
SEAT_UNITS = {
    "330213001000": (
        ("奉化区人民法院", K.GOVERNMENT, P.GENERAL_BRANCH),
        ("奉化区市场监督管理局", K.GOVERNMENT, P.GENERAL_BRANCH),
        ("奉化区教育局", K.GOVERNMENT, P.BRANCH),
        ("奉化区民政局", K.GOVERNMENT, P.BRANCH),
        ("奉化区人民医院", K.PUBLIC_INSTITUTION, P.GENERAL_BRANCH),
        ("奉化区图书馆", K.PUBLIC_INSTITUTION, P.BRANCH),
        ("中国邮政集团有限公司宁波市奉化区分公司", K.STATE_ENTERPRISE, P.BRANCH),
    ),
    "330213002000": (
        ("奉化区人民检察院", K.GOVERNMENT, P.GENERAL_BRANCH),
        ("奉化区人力资源和社会保障局", K.GOVERNMENT, P.BRANCH),
        ("奉化区卫生健康局", K.GOVERNMENT, P.BRANCH),
        ("奉化区住房和城乡建设局", K.GOVERNMENT, P.BRANCH),
        ("奉化区中医医院", K.PUBLIC_INSTITUTION, P.GENERAL_BRANCH),
        ("奉化区文化馆", K.PUBLIC_INSTITUTION, P.BRANCH),
        ("宁波市奉化区水务有限公司", K.STATE_ENTERPRISE, P.BRANCH),
    ),
}
# One local speciality per town becomes a farmers' cooperative (农民专业合作社).
SPECIALITIES = {
    "330213004000": "花木",
    "330213005000": "水蜜桃",
    "330213006000": "苗木",
    "330213007000": "草莓",
    "330213008000": "海水养殖",
    "330213100000": "千层饼",
    "330213106000": "茶叶",
    "330213107000": "竹笋",
    "330213108000": "海产品",
}
INDUSTRIES = (
    "气动元件",
    "电器",
    "机械",
    "汽车配件",
    "服饰",
    "食品",
    "塑料制品",
    "竹木制品",
    "电子科技",
    "文化旅游",
    "模具",
    "五金",
)
SERVICES = ("社会工作服务中心", "公益服务中心", "居家养老服务中心", "青少年成长服务中心")
REGIONS = ("330213", "330213", "330283")
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code check


def _org_code_check(digits: str) -> str:
    remainder = 11 - sum(int(d) * w for d, w in zip(digits, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def _uscc_check(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code(rng: random.Random, prefix: str, region: str = "330213") -> str:
    """A GB 32100 code: `prefix` = 登记管理部门 + 机构类别 (91 企业, 52 民办非企业, 51 社会团体, 93 合作社)."""
    digits = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = prefix + region + digits + _org_code_check(digits)
    return first17 + _uscc_check(first17)


@dataclass
class UnitSpec:
    name: str
    kind: str
    area: Area
    party: str | None = None  # the kind of its own party organisation, if any
    credit_prefix: str = ""  # 登记管理部门 + 机构类别 when it gets a credit code


def _maybe(rng: random.Random, chance: float, kind: str = P.BRANCH) -> str | None:
    return kind if rng.random() < chance else None


def _public_specs(demo: Demo, town: TownPlan, place) -> list[UnitSpec]:
    office = f"{town.name}办事处" if town.is_street else f"{town.name}人民政府"
    health = f"{town.name}社区卫生服务中心" if town.is_street else f"{town.name}卫生院"
    specs = [
        UnitSpec(office, K.GOVERNMENT, demo.areas[town.code], P.GENERAL_BRANCH),
        UnitSpec(f"奉化区{town.short}中心小学", K.PUBLIC_INSTITUTION, place(), P.BRANCH),
        UnitSpec(f"奉化区{health}", K.PUBLIC_INSTITUTION, place(), P.BRANCH),
        UnitSpec(
            f"国网宁波市奉化区供电公司{town.short}供电所", K.STATE_ENTERPRISE, place(), P.BRANCH
        ),
    ]
    specs += [UnitSpec(n, k, place(), p) for n, k, p in SEAT_UNITS.get(town.code, ())]
    return specs


def _two_new_specs(town: TownPlan, rng: random.Random, brands: set[str], place) -> list[UnitSpec]:
    count = 5 if town.code in SEAT_UNITS else rng.randint(3, 4)
    specs = [
        UnitSpec(
            f"宁波{names.brand(rng, brands)}{industry}有限公司",
            K.NON_PUBLIC_ENTERPRISE,
            place(),
            _maybe(rng, 0.6),
            "91",
        )
        for industry in rng.sample(INDUSTRIES, count)
    ]
    if town.code in SPECIALITIES:
        name = f"奉化区{town.short}{SPECIALITIES[town.code]}专业合作社"
        specs.append(UnitSpec(name, K.NON_PUBLIC_ENTERPRISE, place(), _maybe(rng, 0.5), "93"))
    specs.append(UnitSpec(f"{town.name}志愿者协会", K.SOCIAL_ORGANISATION, place(), None, "51"))
    for service in rng.sample(SERVICES, rng.randint(1, 2)):
        name = f"奉化区{names.brand(rng, brands)}{service}"
        specs.append(UnitSpec(name, K.SOCIAL_ORGANISATION, place(), _maybe(rng, 0.4), "52"))
    return specs


def _property_specs(demo: Demo, town: TownPlan, rng: random.Random, brands) -> list[UnitSpec]:
    return [
        UnitSpec(
            f"宁波{names.brand(rng, brands)}物业服务有限公司",
            K.PROPERTY_COMPANY,
            demo.areas[community.code],
            _maybe(rng, 0.3),
            "91",
        )
        for community in town.communities
        if community.is_urban
    ]


def _placer(demo: Demo, town: TownPlan, rng: random.Random):
    """Resident units sit in urban communities where the town has them, else in any village."""
    urban = [c for c in town.communities if c.is_urban] or list(town.communities)
    return lambda: demo.areas[rng.choice(urban).code]


def town_specs(demo: Demo, town: TownPlan, brands: set[str]) -> list[UnitSpec]:
    rng = names.rng_for("units", town.code)
    place = _placer(demo, town, rng)
    return (
        _public_specs(demo, town, place)
        + _two_new_specs(town, rng, brands, place)
        + _property_specs(demo, town, rng, brands)
    )


def _unit(spec: UnitSpec, town: TownPlan, rng: random.Random) -> NewUnit:
    code = ""
    if spec.credit_prefix and rng.random() < 0.8:
        code = credit_code(rng, spec.credit_prefix, rng.choice(REGIONS))
    address = f"宁波市奉化区{town.name}"
    if spec.area.kind != AreaKind.TOWN:
        address += f"{spec.area.name}{rng.randint(1, 199)}号"
    return NewUnit(spec.area, spec.name, spec.kind, credit_code=code, address=address)


def build_units(demo: Demo) -> None:
    brands: set[str] = set()
    rng = names.rng_for("credit-codes")
    planned: list[tuple[TownPlan, UnitSpec, NewUnit]] = []
    for town in demo.plan.towns:
        planned += [(town, s, _unit(s, town, rng)) for s in town_specs(demo, town, brands)]
    units = units_create_bulk(units=[u for _, _, u in planned], actor=DEMO)
    for (town, spec, _new), unit in zip(planned, units, strict=True):
        demo.units.setdefault(town.code, []).append(unit)
        if spec.party:
            demo.unit_party[unit.pk] = spec.party
