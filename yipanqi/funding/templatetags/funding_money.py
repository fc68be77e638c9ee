"""{{ amount_fen|yuan }}: integer fen as yuan for people to read (12,345 or 12,345.67)."""

from django import template

from yipanqi.funding.money import yuan as as_yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    return "—" if fen is None else as_yuan(int(fen))


@register.filter
def fund_of(funds: dict, key: str) -> dict:
    return funds.get(key) or {"amount": 0, "spent": 0}


@register.filter
def minus(a: int, b: int) -> int:
    return (a or 0) - (b or 0)
