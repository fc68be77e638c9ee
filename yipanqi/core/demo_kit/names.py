"""Synthetic but plausible Chinese names for the demo, all drawn from seeded generators."""

import random
from collections.abc import Iterable

# Common surnames around Fenghua; repeats weight the draw towards the commonest.
SURNAMES = "王王王陈陈陈张张李周周毛毛徐胡孙董竺应邬林蒋俞沈杨吴黄朱袁史江汪戴楼任方葛裘卓"
GIVEN = "建国伟军海波明华红丽芳燕静敏琴霞杰斌峰强磊勇平英萍慧雅婷文立志成宏亚晓春秋云莉娟洁俊凯浩宇涛鹏飞"
VILLAGE_FIRST = (
    "上下前后东西南北大小新石岩林竹松溪山塘桥湖横高青白金马陈王张董周徐毛蒋应方袁葛胡邬竺俞楼孙"
)
VILLAGE_SECOND = "家岙岭头塘桥浦田坑湾墩畈岗庄埠洋宅山溪林"
BRAND = "奉甬锦岳剡明金华恒泰信达隆盛源丰利通宏德嘉瑞安欣联凯鑫诚"
NUMERALS = "零一二三四五六七八九十"


def rng_for(*parts: str) -> random.Random:
    """A generator seeded by a string (hashed with SHA-512, so stable across runs and machines)."""
    return random.Random("demo:" + ":".join(parts))


def numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (grid and group numbers)."""
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[ones] if ones else "")


def person_name(rng: random.Random) -> str:
    given = "".join(rng.sample(GIVEN, rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def people(rng: random.Random, count: int, exclude: Iterable[str] = ()) -> list[str]:
    """`count` different names, none in `exclude` (a body never seats the same name twice)."""
    chosen: list[str] = []
    taken = set(exclude)
    while len(chosen) < count:
        name = person_name(rng)
        if name not in taken:
            taken.add(name)
            chosen.append(name)
    return chosen


def village_names(rng: random.Random, count: int, used: set[str]) -> list[str]:
    """`count` village names not in `used` (which is updated), e.g. 董家村, 石岙村."""
    chosen: list[str] = []
    while len(chosen) < count:
        first, second = rng.choice(VILLAGE_FIRST), rng.choice(VILLAGE_SECOND)
        name = f"{first}{second}村"
        if first != second and name not in used:
            used.add(name)
            chosen.append(name)
    return chosen


def brand(rng: random.Random, used: set[str]) -> str:
    """A two-character trade name (字号) not used before in this build."""
    while True:
        candidate = "".join(rng.sample(BRAND, 2))
        if candidate not in used:
            used.add(candidate)
            return candidate
