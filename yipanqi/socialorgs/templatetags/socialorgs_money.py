"""Money in fen shown as yuan (exact: integer fen to a two-decimal string, never a float)."""

from django import template

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """12345678 → "123,456.78"; whole yuan without decimals ("196,800")."""
    if fen is None:
        return "—"
    whole, cents = divmod(int(fen), 100)
    text = f"{whole:,}"
    return f"{text}.{cents:02d}" if cents else text
