"""The funding rules' defaults as district policies (issue 13, domain-rules §7 and the seed).

A district's yearly rule (`FundingRule`) copies these when it is set, so a rule — and every run
computed with it — keeps the figures it was made with when the policy changes later. Sourced: the
serving-the-masses fund of 200,000 yuan per community a year, the work fund of 150,000 yuan per
1,000 households, district : street matching 1 : 1 for venue construction. Not sourced (documented
in docs/decisions/019-funding-rules.md): the rounding rule (per started thousand), the coverage
(residents' committees) and the tilted share (50 %).
"""

from yipanqi.core import policy


def _check(value):
    try:
        ok = int(value["service_fen"]) >= 0 and int(value["work_fen"]) >= 0
        ok = ok and value["rounding"] in ("pro_rata", "started")
        ok = ok and value["coverage"] in ("residents", "all")
        ok = ok and 0 <= int(value["tilt_percent"]) <= 100
        ok = ok and int(value["match_district"]) > 0 and int(value["match_street"]) > 0
    except (KeyError, TypeError, ValueError):
        ok = False
    return None if ok else "service_fen, work_fen ≥ 0; rounding pro_rata|started; coverage; shares"


FUNDING_RULES = policy.declare(
    "funding.rules",
    {
        "service_fen": 200_000_00,  # 服务群众专项经费, per community and year
        "work_fen": 150_000_00,  # 社区工作经费, per 1,000 households and year
        "rounding": "started",  # 不足千户按千户计
        "coverage": "residents",  # 居委会 (division codes 001–199)
        "tilt_percent": 50,  # share of party-building money tilted to communities
        "match_district": 1,  # 区 : 街道 = 1 : 1
        "match_street": 1,
    },
    "Funding rules a new yearly rule starts from: serving-the-masses fund per community (fen), "
    "work fund per 1,000 households (fen), rounding of households (pro_rata or started "
    "thousand), which communities are covered, the share tilted to communities (%), and the "
    "district : street matching of construction projects.",
    check=_check,
)
