"""Fenghua 2021 (奉化区): the real towns/streets and urban communities, plus a deterministic plan
of synthetic villages and grids.

Official data: NBS 统计用区划代码 as of 2023-06-30, unchanged since the 2019 data (domain-rules §11
and Appendix A). Village names are synthetic (the 283 村委会 are counted, not named, in our sources);
their codes follow the 村委会 range 200–399. Grid codes are the community code + a 3-digit number.
"""

import random
from dataclasses import dataclass
from functools import cache

from yipanqi.core.demo_kit import names

DISTRICT_CODE = "330213"
DISTRICT_NAME = "奉化区"
STREET, TOWN = "街道", "镇"


@dataclass(frozen=True)
class TownRow:
    code: str  # 12 digits
    name: str
    kind: str  # STREET or TOWN
    urban: int  # 居委会 (001–199)
    villages: int  # 村委会 (200–399)


TOWNS = (
    TownRow("330213001000", "锦屏街道", STREET, 16, 17),
    TownRow("330213002000", "岳林街道", STREET, 11, 13),
    TownRow("330213003000", "江口街道", STREET, 2, 22),
    TownRow("330213004000", "西坞街道", STREET, 1, 23),
    TownRow("330213005000", "萧王庙街道", STREET, 1, 20),
    TownRow("330213006000", "方桥街道", STREET, 4, 16),
    TownRow("330213007000", "尚田街道", STREET, 1, 31),
    TownRow("330213008000", "莼湖街道", STREET, 4, 39),
    TownRow("330213100000", "溪口镇", TOWN, 6, 52),
    TownRow("330213106000", "裘村镇", TOWN, 1, 16),
    TownRow("330213107000", "大堰镇", TOWN, 1, 23),
    TownRow("330213108000", "松岙镇", TOWN, 1, 11),
)

# Appendix A: 居委会 (001–199) and the 5xx 生活区 units (类似村级单位).
URBAN_COMMUNITIES = (
    ("330213001001", "奉中社区"),
    ("330213001002", "锦山社区"),
    ("330213001003", "东门社区"),
    ("330213001004", "光明社区"),
    ("330213001005", "南门社区"),
    ("330213001006", "花园社区"),
    ("330213001007", "庄山社区"),
    ("330213001008", "春晖社区"),
    ("330213001009", "居敬社区"),
    ("330213001010", "长岭社区"),
    ("330213001011", "长汀社区"),
    ("330213001012", "阳光社区"),
    ("330213001013", "南溪社区"),
    ("330213001014", "仁湖社区"),
    ("330213001015", "锦轩社区"),
    ("330213001016", "宁新社区"),
    ("330213001501", "三溪农场生活区"),
    ("330213002001", "民主社区"),
    ("330213002002", "新民社区"),
    ("330213002003", "东升社区"),
    ("330213002004", "桃源社区"),
    ("330213002005", "秀水社区"),
    ("330213002006", "绿都社区"),
    ("330213002007", "上林社区"),
    ("330213002008", "迎恩社区"),
    ("330213002009", "金钟社区"),
    ("330213002010", "春天社区"),
    ("330213002011", "金海社区"),
    ("330213002501", "土埭良种繁殖场生活区"),
    ("330213003002", "甬山社区"),
    ("330213003003", "三横社区"),
    ("330213004001", "西坞居委会"),
    ("330213004500", "西坞林场生活区"),
    ("330213004501", "西坞茶场生活区"),
    ("330213005001", "萧王庙居委会"),
    ("330213006002", "方园社区"),
    ("330213006003", "方茂社区"),
    ("330213006004", "尚德社区"),
    ("330213006005", "方恒社区"),
    ("330213007001", "尚田居委会"),
    ("330213008002", "桐照居委会"),
    ("330213008003", "鲒埼居委会"),
    ("330213008004", "莼民社区"),
    ("330213008005", "启航社区"),
    ("330213100001", "武岭社区"),
    ("330213100002", "茗山社区"),
    ("330213100003", "畸山居委会"),
    ("330213100004", "班溪居委会"),
    ("330213100005", "剡溪社区"),
    ("330213100006", "中山社区"),
    ("330213100501", "商量岗林场生活区"),
    ("330213106001", "裘村居委会"),
    ("330213107001", "大堰居委会"),
    ("330213108001", "松岙居委会"),
)

# 兼职委员 of the towns' 大党(工)委: 27 in all, the seed article's figure.
TOWN_PART_TIME_MEMBERS = {
    "330213001000": 4,
    "330213002000": 4,
    "330213003000": 2,
    "330213004000": 2,
    "330213005000": 2,
    "330213006000": 2,
    "330213007000": 2,
    "330213008000": 3,
    "330213100000": 2,
    "330213106000": 1,
    "330213107000": 1,
    "330213108000": 2,
}
# Streets with a 区域共建理事会 (regional co-building council).
CO_BUILDING_TOWNS = ("330213001000", "330213002000")

URBAN, VILLAGE, LIVING_AREA = "urban", "village", "living_area"
URBAN_GRIDS, VILLAGE_GRIDS = (6, 10), (2, 3)


def community_class(code: str) -> str:
    """居委会 001–199, 村委会 200–399, anything else a 类似村级单位 (生活区)."""
    number = int(code[9:12])
    if 1 <= number <= 199:
        return URBAN
    return VILLAGE if 200 <= number <= 399 else LIVING_AREA


@dataclass(frozen=True)
class GridPlan:
    code: str  # 15 digits
    name: str


@dataclass(frozen=True)
class CommunityPlan:
    code: str
    name: str
    grids: tuple[GridPlan, ...]

    @property
    def kind(self) -> str:
        return community_class(self.code)

    @property
    def is_urban(self) -> bool:
        return self.kind == URBAN


@dataclass(frozen=True)
class TownPlan:
    code: str
    name: str
    kind: str
    communities: tuple[CommunityPlan, ...]

    @property
    def is_street(self) -> bool:
        return self.kind == STREET

    @property
    def short(self) -> str:
        """锦屏街道 → 锦屏, 溪口镇 → 溪口."""
        return self.name.removesuffix(STREET).removesuffix(TOWN)


@dataclass(frozen=True)
class DistrictPlan:
    code: str
    name: str
    towns: tuple[TownPlan, ...]

    def communities(self) -> list[CommunityPlan]:
        return [c for t in self.towns for c in t.communities]

    def grids(self) -> list[GridPlan]:
        return [g for c in self.communities() for g in c.grids]


def _grids(community_code: str, community_name: str, rng: random.Random) -> tuple[GridPlan, ...]:
    low, high = URBAN_GRIDS if community_class(community_code) == URBAN else VILLAGE_GRIDS
    return tuple(
        GridPlan(f"{community_code}{n:03d}", f"{community_name}第{names.numeral(n)}网格")
        for n in range(1, rng.randint(low, high) + 1)
    )


def _community(code: str, name: str) -> CommunityPlan:
    return CommunityPlan(code, name, _grids(code, name, names.rng_for("grids", code)))


def _town(row: TownRow, used_names: set[str]) -> TownPlan:
    urban = [_community(c, n) for c, n in URBAN_COMMUNITIES if c[:9] == row.code[:9]]
    village_names = names.village_names(
        names.rng_for("villages", row.code), row.villages, used_names
    )
    villages = [
        _community(f"{row.code[:9]}{200 + i}", name)
        for i, name in enumerate(village_names, start=1)
    ]
    communities = sorted(urban + villages, key=lambda c: c.code)
    return TownPlan(row.code, row.name, row.kind, tuple(communities))


@cache
def district_plan() -> DistrictPlan:
    """The whole area tree to build; the same on every run."""
    used = {name for _, name in URBAN_COMMUNITIES}
    return DistrictPlan(DISTRICT_CODE, DISTRICT_NAME, tuple(_town(row, used) for row in TOWNS))
