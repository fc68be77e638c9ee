"""The quorum and majority rule (法定人数与表决规则) as one pure function, read from policy.

Counted over voting seats only; `present` is the voting seats marked present at the meeting.
Exact fractions, so 2/3 of 9 seats is 6 and not 5.999….
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from yipanqi.deliberation import policies


@dataclass(frozen=True)
class Rule:
    quorum: Fraction
    majority: Fraction
    strict: bool
    every_party: bool

    @classmethod
    def of(cls, district_code: str) -> "Rule":
        quorum = {**policies.QUORUM.default, **policies.QUORUM.value(district_code)}
        majority = {**policies.MAJORITY.default, **policies.MAJORITY.value(district_code)}
        return cls(
            quorum=Fraction(int(quorum["numerator"]), int(quorum["denominator"])),
            majority=Fraction(int(majority["numerator"]), int(majority["denominator"])),
            strict=bool(majority.get("strict", True)),
            every_party=bool(policies.EVERY_PARTY.value(district_code)),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "quorum": str(self.quorum),
            "majority": str(self.majority),
            "strict": self.strict,
            "every_party": self.every_party,
        }


@dataclass(frozen=True)
class Count:
    seats: int  # voting seats of the body
    present: int  # of them, present
    votes_for: int
    against: int
    abstain: int
    parties_absent: tuple[str, ...] = ()  # parties with voting seats but nobody present


@dataclass(frozen=True)
class Decision:
    quorum_met: bool
    passed: bool
    reason: str  # "passed", "no_quorum", "party_absent", "no_majority"


def decide(count: Count, rule: Rule) -> Decision:
    if count.seats == 0 or Fraction(count.present, count.seats) < rule.quorum:
        return Decision(False, False, "no_quorum")
    if rule.every_party and count.parties_absent:
        return Decision(False, False, "party_absent")
    share = Fraction(count.votes_for, count.present)
    passed = share > rule.majority if rule.strict else share >= rule.majority
    return Decision(True, passed, "passed" if passed else "no_majority")
