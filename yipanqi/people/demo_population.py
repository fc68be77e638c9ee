"""Synthetic households and residents for the demo district (DESIGN §4): plausible and valid.

Pure generation, no database. Each grid draws from its own seeded generator, and the only state
shared between grids is the set of ID numbers and phones already handed out (to keep them
unique), so a build is the same on every run as long as grids are generated in plan order.

Ages are taken on REFERENCE, the eve of the seed article (2021-08-02). ID numbers follow
GB 11643: area code, birth date, a sequence whose last digit is odd for men and even for women,
and the MOD 11-2 check character. People born before 2017 carry 330283, the code of the former
奉化市 (retired when Fenghua became a district), or the code of another Zhejiang county; younger
children carry 330213.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field
from functools import cache

from yipanqi.core.demo_kit import names
from yipanqi.core.text import initials
from yipanqi.people.choices import MembershipKind, MemberStatus, PoliticalStatus, Sex
from yipanqi.people.validators import check_character

REFERENCE = datetime.date(2021, 8, 1)
NEW_CODE_FROM = 2017  # births from this year on are registered under 330213
FORMER_CODE, DISTRICT_CODE = "330283", "330213"
# Other Zhejiang counties people moved in from: Ningbo's districts and counties, Hangzhou,
# Shaoxing, Taizhou, Wenzhou, Jinhua.
OTHER_ZHEJIANG = (
    "330203", "330205", "330206", "330211", "330212", "330225", "330226", "330281",
    "330282", "330102", "330602", "331002", "330382", "330782",
)  # fmt: skip
OTHER_CODE_SHARE = 0.15
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "177", "180", "181", "182", "183",
    "186", "187", "188", "189", "198", "199",
)  # fmt: skip
MALE_GIVEN = "建国伟军海波明华杰斌峰强磊勇平志成宏俊凯浩宇涛鹏飞林东亮刚辉超毅达福荣兴德良忠义"
FEMALE_GIVEN = "丽芳燕静敏琴霞红英萍慧雅婷娟洁莉云秀珍玲娜晶梅兰凤彩菊琳倩雪颖"
OLD_MALE_GIVEN = "根财宝水土福德林国志"  # names common before 1960
OLD_FEMALE_GIVEN = "娣凤花英珍素月彩菊妹"
CHILD_BOYS = (
    "子轩", "浩然", "梓豪", "宇航", "俊熙", "睿泽", "一鸣", "博文", "奕辰", "明轩", "皓宇",
    "嘉豪", "天佑", "思远", "俊杰",
)  # fmt: skip
CHILD_GIRLS = (
    "子涵", "欣怡", "梓萱", "诗涵", "雨桐", "可馨", "语嫣", "思彤", "佳怡", "若曦", "一诺",
    "欣妍", "梦瑶", "雨萱", "紫琪",
)  # fmt: skip
MINORITIES = ("畲族", "回族", "苗族", "土家族", "满族", "壮族")
SIZES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Scale:
    """How big a population to generate: the Fenghua demo, or a whole district for benchmarks."""

    name: str
    households: float  # multiplier on the Fenghua household counts
    sizes: tuple[float, ...]  # weights of household sizes 1, 2, 3, 4, 5
    member_share: float  # party members among adults (before the age profile)


SCALES = {
    # ~99k households of 2.4 people; ~7 % of adults are members.
    "fenghua": Scale("fenghua", 1.0, (0.24, 0.34, 0.26, 0.10, 0.06), 0.07),
    # ~200k households of 3.0 people (~600k residents) and ~20k members.
    "district": Scale("district", 2.0, (0.12, 0.26, 0.30, 0.18, 0.14), 0.042),
}


@dataclass(slots=True)
class MemberFacts:
    """What makes a resident a party member, before a branch is chosen for them."""

    kind: str
    joined_on: datetime.date
    full_member_on: datetime.date | None
    in_service: bool
    status: str = MemberStatus.NORMAL
    last_contact_on: datetime.date | None = None
    transferred_on: datetime.date | None = None  # moved here from another branch (组织关系转接)


@dataclass(slots=True)
class Resident:
    name: str
    sex: str
    birth_date: datetime.date
    age: int  # on REFERENCE
    id_number: str
    phone: str
    political_status: str
    ethnicity: str = "汉族"
    member: MemberFacts | None = None


@dataclass(slots=True)
class HouseholdPlan:
    building: str
    unit_no: str
    room: str
    residents: list[Resident] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Forced:
    """A resident who must exist in a grid: the person behind a demo account."""

    username: str
    name: str
    member: bool
    in_service: bool


def age_on(birth: datetime.date, day: datetime.date = REFERENCE) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def mobile(rng: random.Random) -> str:
    """A mainland mobile number (1[3-9] and nine more digits) on a real operator prefix."""
    return f"{_one(rng, MOBILE_PREFIXES)}{int(rng.random() * 100_000_000):08d}"


# Draws used hundreds of thousands of times: random() is several times cheaper than randint().
def _draw(rng: random.Random, low: int, high: int) -> int:
    """An integer in [low, high], like rng.randint."""
    return low + int(rng.random() * (high - low + 1))


def _one(rng: random.Random, items):
    """One item of a sequence, like rng.choice."""
    return items[int(rng.random() * len(items))]


@cache
def name_initials(name: str) -> str:
    """Pinyin initials character by character: the same as core.text.initials for these names."""
    return "".join(_char_initial(c) for c in name)


@cache
def _char_initial(char: str) -> str:
    return initials(char)


def split(total: int, parts: int, rng: random.Random, spread: float = 0.3) -> list[int]:
    """`total` split into `parts` positive shares of roughly equal size, summing exactly."""
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    scale = (total - parts) / sum(weights)
    shares = [1 + w * scale for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(parts), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Addresses:
    """Addresses of one grid in order: flats (幢 / 单元 / 室) in town, houses (组 / 号) in villages."""

    def __init__(self, rng: random.Random, urban: bool):
        self.rng, self.urban = rng, urban
        self._next = self._flats() if urban else self._houses()

    def next(self) -> tuple[str, str, str]:
        return next(self._next)

    def _flats(self):
        building = 0
        while True:
            building += 1
            units, floors = _one(self.rng, (2, 3, 3)), _one(self.rng, (6, 6, 11, 18))
            for unit in range(1, units + 1):
                for floor in range(1, floors + 1):
                    for door in (1, 2):
                        if self.rng.random() >= 0.12:  # about one flat in eight stands empty
                            yield str(building), f"{unit}单元", f"{floor}{door:02d}"

    def _houses(self):
        group = 0
        while True:
            group += 1
            for number in range(1, _draw(self.rng, 15, 30) + 1):
                yield f"{group}组", "", f"{number}号"


class Population:
    """Draws residents with unique ID numbers and phones across the whole build."""

    def __init__(self, scale: Scale):
        self.scale = scale
        self._ids: set[int] = set()  # the 17-digit bodies handed out
        self._phones: set[int] = set()
        self._size_weights = list(itertools.accumulate(scale.sizes))

    # --- one household ------------------------------------------------------------------------

    def household(
        self, rng: random.Random, address: tuple[str, str, str], urban: bool, forced=None
    ) -> HouseholdPlan:
        plan = HouseholdPlan(*address)
        size = 3 if forced else rng.choices(SIZES, cum_weights=self._size_weights)[0]
        for position, (age, sex, surname, old_style) in enumerate(_composition(rng, size, forced)):
            name = forced.name if forced and position == 0 else None
            plan.residents.append(self._resident(rng, age, sex, surname, old_style, name, urban))
        if forced:
            self._force(rng, plan.residents[0], forced)
        plan.tags = household_tags(rng, plan.residents, urban)
        return plan

    def _resident(self, rng, age, sex, surname, old_style, name, urban) -> Resident:
        year_before = REFERENCE.replace(year=REFERENCE.year - age - 1)
        birth = year_before + datetime.timedelta(days=_draw(rng, 1, 365))
        resident = Resident(
            name=name or surname + _given_name(rng, sex, birth.year, old_style),
            sex=sex,
            birth_date=birth,
            age=age,
            id_number=self.id_number(rng, birth, sex),
            phone=self.phone(rng) if _has_phone(rng, age) else "",
            political_status=PoliticalStatus.MASSES,
            ethnicity=_one(rng, MINORITIES) if rng.random() < 0.006 else "汉族",
        )
        resident.member = self._membership(rng, resident, urban)
        resident.political_status = _political_status(rng, resident)
        return resident

    def _force(self, rng: random.Random, resident: Resident, forced: Forced) -> None:
        resident.member = None
        if forced.member:
            resident.member = _member_facts(rng, resident, forced.in_service, force_full=True)
        resident.political_status = _political_status(rng, resident)

    # --- identifiers --------------------------------------------------------------------------

    def id_number(self, rng: random.Random, birth: datetime.date, sex: str) -> str:
        """A checksum-correct 公民身份号码 not handed out before in this build."""
        if birth.year >= NEW_CODE_FROM:
            area = DISTRICT_CODE
        elif rng.random() < OTHER_CODE_SHARE:
            area = _one(rng, OTHER_ZHEJIANG)
        else:
            area = FORMER_CODE
        parity = 1 if sex == Sex.MALE else 0
        prefix = f"{area}{birth.year}{birth.month:02d}{birth.day:02d}"
        while True:
            sequence = 2 + int(rng.random() * 499) * 2 + parity  # odd for men, even for women
            body = f"{prefix}{sequence:03d}"
            if int(body) not in self._ids:
                self._ids.add(int(body))
                return body + check_character(body)

    def phone(self, rng: random.Random) -> str:
        while True:
            number = mobile(rng)
            if int(number) not in self._phones:
                self._phones.add(int(number))
                return number

    # --- party membership ---------------------------------------------------------------------

    def _membership(
        self, rng: random.Random, resident: Resident, urban: bool
    ) -> MemberFacts | None:
        age = resident.age
        if age < 18:
            return None
        share = self.scale.member_share * (0.55 if age < 30 else 1.1 if age < 60 else 1.05)
        if rng.random() >= share:
            return None
        working = 23 <= age <= 59
        in_service = working and rng.random() < (0.65 if urban else 0.5)
        return _member_facts(rng, resident, in_service)


def _member_facts(
    rng: random.Random, resident: Resident, in_service: bool, force_full: bool = False
) -> MemberFacts:
    """Join dates after the 18th birthday; those who joined within the year are probationary."""
    birth = resident.birth_date
    adult_on = datetime.date(birth.year + 18, birth.month, 1) + datetime.timedelta(days=31)
    earliest = max(adult_on.replace(day=1), datetime.date(1950, 1, 1))  # after the 18th birthday
    probation_start = REFERENCE - datetime.timedelta(days=360)
    if earliest >= probation_start or (not force_full and rng.random() < 0.04):
        joined = _day_between(rng, max(earliest, probation_start), REFERENCE)
        facts = MemberFacts(MembershipKind.PROBATIONARY, joined, None, in_service)
    else:
        joined = _day_between(rng, earliest, probation_start)
        full = joined.replace(year=joined.year + 1, day=min(joined.day, 28))
        facts = MemberFacts(MembershipKind.FULL, joined, full, in_service)
    facts.last_contact_on = REFERENCE - datetime.timedelta(days=_draw(rng, 1, 120))
    if force_full:
        return facts
    draw = rng.random()
    if not in_service and draw < 0.012:
        facts.status = MemberStatus.LOST_CONTACT  # no contact for more than six months
        facts.last_contact_on = REFERENCE - datetime.timedelta(days=_draw(rng, 190, 700))
    elif not in_service and draw < 0.015:
        facts.status = MemberStatus.TRANSFERRED_OUT
    elif draw > 0.99 and facts.kind == MembershipKind.FULL:
        facts.transferred_on = _day_between(rng, max(joined, datetime.date(2017, 1, 1)), REFERENCE)
    return facts


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A day in [first, last), or `first` when the span is empty."""
    return first + datetime.timedelta(days=_draw(rng, 0, max(0, (last - first).days - 1)))


def _political_status(rng: random.Random, resident: Resident) -> str:
    if resident.member is not None:
        if resident.member.kind == MembershipKind.PROBATIONARY:
            return PoliticalStatus.PROBATIONARY
        return PoliticalStatus.PARTY_MEMBER
    age = resident.age
    if 14 <= age <= 28 and rng.random() < 0.35:
        return PoliticalStatus.LEAGUE_MEMBER
    if age >= 30 and rng.random() < 0.003:
        return PoliticalStatus.OTHER_PARTY
    return PoliticalStatus.MASSES


def _has_phone(rng: random.Random, age: int) -> bool:
    if age < 16:
        return False
    return rng.random() < (0.93 if age < 70 else 0.6)


def _given_name(rng: random.Random, sex: str, year: int, old_style: bool) -> str:
    male = sex == Sex.MALE
    if year >= 2005:
        return _one(rng, CHILD_BOYS if male else CHILD_GIRLS)
    pool = MALE_GIVEN if male else FEMALE_GIVEN
    if old_style and year < 1960:
        pool = OLD_MALE_GIVEN if male else OLD_FEMALE_GIVEN
    first = _one(rng, pool)
    if rng.random() < 0.25:
        return first
    second = _one(rng, pool)
    return first + second if second != first else first


def _surname(rng: random.Random) -> str:
    return _one(rng, names.SURNAMES)


def _composition(rng: random.Random, size: int, forced: Forced | None):
    """(age, sex, surname, old-style name) of each member, the head first."""
    if size == 1:
        age = _draw(rng, 65, 92) if rng.random() < 0.45 else _draw(rng, 20, 64)
        return [(age, _one(rng, (Sex.MALE, Sex.FEMALE)), _surname(rng), True)]
    if forced:
        head_age = _draw(rng, 32, 48)
    elif size == 2:
        head_age = _one(rng, (_draw(rng, 60, 88), _draw(rng, 24, 59)))
    elif size == 5:
        head_age = _draw(rng, 28, 45)
    else:
        head_age = _draw(rng, 28, 56)
    head_male = rng.random() < (0.6 if forced else 0.8)
    family = _couple(rng, head_age, head_male)
    mother_age = family[0][0] if not head_male else family[1][0]
    father_surname = family[0][2] if head_male else family[1][2]
    if size == 2 and rng.random() < 0.2:  # a single parent and a grown-up child
        family = family[:1]
        return family + _children(rng, family[0][0], family[0][2], 1)
    if size == 2:
        return family
    children = 2 if size == 4 and rng.random() < 0.6 else 1
    family += _children(rng, mother_age, father_surname, children)
    if len(family) < size:  # grandparents live with the family
        grandfather = min(95, head_age + _draw(rng, 24, 34))
        family += _couple(rng, grandfather, True)[: size - len(family)]
    return family


def _couple(rng: random.Random, head_age: int, head_male: bool):
    spouse_age = max(20, head_age + _draw(rng, -5, 2) * (1 if head_male else -1))
    head_sex, spouse_sex = (Sex.MALE, Sex.FEMALE) if head_male else (Sex.FEMALE, Sex.MALE)
    return [
        (head_age, head_sex, _surname(rng), True),
        (spouse_age, spouse_sex, _surname(rng), True),
    ]


def _children(rng: random.Random, mother_age: int, surname: str, count: int):
    kids = []
    for _ in range(count):
        age = max(0, mother_age - _draw(rng, 22, max(22, min(38, mother_age))))
        name = surname if rng.random() < 0.9 else _surname(rng)
        kids.append((age, _one(rng, (Sex.MALE, Sex.FEMALE)), name, False))
    return kids


def household_tags(rng: random.Random, residents: list[Resident], urban: bool) -> list[str]:
    """The flags a grid worker would set, consistent with who lives there."""
    ages = [r.age for r in residents]
    tags = []
    if len(residents) == 1 and ages[0] >= 65:
        tags.append("elderly_alone")
    elif len(residents) == 2 and min(ages) >= 60:
        tags.append("empty_nest")
    if rng.random() < 0.025:
        tags.append("disabled")
    if rng.random() < (0.015 if urban else 0.025):
        tags.append("low_income")
    if rng.random() < (0.15 if urban else 0.03):
        tags.append("rented")
    if any(r.sex == Sex.MALE and r.age >= 38 for r in residents) and rng.random() < 0.04:
        tags.append("veteran")
    if rng.random() < (0.3 if "elderly_alone" in tags else 0.01):
        tags.append("special_care")
    return tags
