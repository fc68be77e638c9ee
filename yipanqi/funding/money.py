"""The arithmetic of the funding rules, in integer fen (no floats): the work fund for a household
count under a rounding rule, matching shares that sum exactly, and yuan for people to read."""

from dataclasses import dataclass
from decimal import Decimal

from yipanqi.funding.choices import Rounding

THOUSAND = 1000


@dataclass(frozen=True)
class Allocation:
    households: int
    thousands: Decimal  # what the rule counted: exact (pro rata) or whole started thousands
    service_fen: int
    work_fen: int

    @property
    def total_fen(self) -> int:
        return self.service_fen + self.work_fen


def thousands(households: int, rounding: str) -> Decimal:
    if rounding == Rounding.STARTED_THOUSAND:
        return Decimal(-(-households // THOUSAND))  # ceil: 1 … 1,000 households → 1
    return Decimal(households) / THOUSAND


def work_fund(households: int, per_thousand_fen: int, rounding: str) -> int:
    """Pro rata: per_thousand × households / 1,000, half a fen up; per started thousand:
    per_thousand × ⌈households / 1,000⌉ (no households, no work fund)."""
    if households < 0:
        raise ValueError("households")
    if rounding == Rounding.STARTED_THOUSAND:
        return per_thousand_fen * -(-households // THOUSAND)
    return (per_thousand_fen * households + THOUSAND // 2) // THOUSAND


def allocate(households: int, service_fen: int, per_thousand_fen: int, rounding: str) -> Allocation:
    return Allocation(
        households=households,
        thousands=thousands(households, rounding),
        service_fen=service_fen,
        work_fen=work_fund(households, per_thousand_fen, rounding),
    )


def shares(budget_fen: int, district_parts: int, street_parts: int) -> tuple[int, int]:
    """(district, street) in the ratio, summing exactly to the budget; an odd fen goes to the
    district (the larger funder by convention)."""
    street = budget_fen * street_parts // (district_parts + street_parts)
    return budget_fen - street, street


def yuan(fen: int) -> str:
    """12,345.67 (or 12,345 for whole yuan): what pages and messages show."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}" if cents == 0 else f"{sign}{whole:,}.{cents:02d}"


def to_fen(text: str) -> int | None:
    """Yuan as typed ("1234.5", "1,234.50") → fen, or None for anything else (no floats)."""
    text = (text or "").strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(text)
    except ArithmeticError:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2 or abs(value) >= 10**12:
        return None
    return int(value * 100)


def yuan_decimal(fen: int) -> Decimal:
    """Fen as an exact Decimal of yuan with two places (12345 → 123.45): what exports write, so
    a spreadsheet sums the same figures the pages show, with no float in between."""
    return (Decimal(int(fen)) / 100).quantize(Decimal("0.01"))
