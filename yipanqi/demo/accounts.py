"""The demo accounts as printed at the start of `yipanqi demo` and by `yipanqi demo_accounts`:
every active grant, the demo personas first (`organisations.demo_accounts`)."""

import unicodedata

from yipanqi.accounts.demo import demo_password
from yipanqi.core import registry
from yipanqi.organisations.demo_accounts import DEMO_ACCOUNTS
from yipanqi.organisations.models import RoleGrant

COLUMNS = ("username", "role", "scope", "password")


def account_rows() -> list[dict[str, str]]:
    """Every user's grants, read back from the database; demo accounts first, in list order."""
    personas = [a.username for a in DEMO_ACCOUNTS] + registry.demo_personas
    order = {username: i for i, username in enumerate(personas)}
    password = demo_password()
    rows = [
        {
            "username": g.user.username,
            "role": g.role,
            "scope": g.area.name,
            "password": password if g.user.username in order else "",
        }
        for g in RoleGrant.objects.active().select_related("user", "area")
    ]
    rows.sort(key=lambda r: (order.get(r["username"], len(order)), r["username"], r["role"]))
    return rows


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(rows: list[dict[str, str]]) -> str:
    """A plain-text table whose columns line up with Chinese text in a terminal."""
    widths = {c: max([_width(c), *(_width(r[c]) for r in rows)]) for c in COLUMNS}
    lines = ["  ".join(_pad(c, widths[c]) for c in COLUMNS)]
    lines.append("  ".join("-" * widths[c] for c in COLUMNS))
    lines += ["  ".join(_pad(r[c], widths[c]) for c in COLUMNS).rstrip() for r in rows]
    return "\n".join(lines)
