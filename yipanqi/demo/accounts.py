"""The demo accounts: at least one per role, and two of each community-level role in different
communities (锦屏街道 奉中社区 and 岳林街道 民主社区). All share settings.YIPANQI_DEMO_PASSWORD.
"""

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from yipanqi.accounts.models import AccountKind, User
from yipanqi.demo import names
from yipanqi.demo.bulk import audit_created, insert_rows
from yipanqi.demo.state import Demo
from yipanqi.organisations import actions
from yipanqi.organisations.choices import Role
from yipanqi.organisations.models import RoleGrant

PUBLIC_ROLES = frozenset({Role.PARTY_MEMBER, Role.RESIDENT})  # 党员 / 居民: public accounts


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    scope: str  # the name of the area the role is granted at

    @property
    def password(self) -> str:
        return demo_password()

    @property
    def kind(self) -> str:
        return AccountKind.PUBLIC if self.role in PUBLIC_ROLES else AccountKind.STAFF


DEMO_ACCOUNTS = (
    DemoAccount("district_admin", Role.DISTRICT_ADMIN, "奉化区"),
    DemoAccount("jp_admin", Role.TOWN_ADMIN, "锦屏街道"),
    DemoAccount("yl_admin", Role.TOWN_ADMIN, "岳林街道"),
    DemoAccount("jp_fengzhong_admin", Role.COMMUNITY_ADMIN, "奉中社区"),
    DemoAccount("yl_minzhu_admin", Role.COMMUNITY_ADMIN, "民主社区"),
    DemoAccount("jp_fengzhong_grid", Role.GRID_WORKER, "奉中社区第一网格"),
    DemoAccount("yl_minzhu_grid", Role.GRID_WORKER, "民主社区第一网格"),
    DemoAccount("jp_fengzhong_member", Role.PARTY_MEMBER, "奉中社区第一网格"),
    DemoAccount("yl_minzhu_member", Role.PARTY_MEMBER, "民主社区第一网格"),
    DemoAccount("jp_fengzhong_resident", Role.RESIDENT, "奉中社区第二网格"),
    DemoAccount("yl_minzhu_resident", Role.RESIDENT, "民主社区第二网格"),
    DemoAccount("jp_fengzhong_liaison", Role.UNIT_LIAISON, "奉中社区"),
    DemoAccount("yl_minzhu_liaison", Role.UNIT_LIAISON, "民主社区"),
    DemoAccount("social_org_staff", Role.SOCIAL_ORG_STAFF, "锦屏街道"),
    DemoAccount("five_role_officer", Role.FIVE_ROLE_OFFICER, "锦屏街道"),
    DemoAccount("auditor", Role.AUDITOR, "奉化区"),
    DemoAccount("jp_auditor", Role.AUDITOR, "锦屏街道"),
    DemoAccount("system_admin", Role.SYSTEM_ADMIN, "奉化区"),
    DemoAccount("security_admin", Role.SECURITY_ADMIN, "奉化区"),
    DemoAccount("audit_admin", Role.AUDIT_ADMIN, "奉化区"),
)
COLUMNS = ("username", "role", "scope", "password")


def demo_password() -> str:
    return str(settings.YIPANQI_DEMO_PASSWORD)


def _password_hash() -> str:
    """Hash once: the shared demo password would otherwise cost a slow PBKDF2 run per account."""
    password = demo_password()
    probe = User(username="demo-probe", kind=AccountKind.STAFF)  # staff rules are the strictest
    password_validation.validate_password(password, probe)
    return make_password(password)


def _user(account: DemoAccount, password: str, now) -> User:
    display = names.person_name(names.rng_for("account", account.username))
    return User(
        username=account.username,
        display_name=display,
        kind=account.kind,
        password=password,
        password_changed_at=now,
    )


def build_accounts(demo: Demo) -> None:
    """Users in bulk (as `accounts.actions.user_create` would record them), grants via the action."""
    password, now = _password_hash(), timezone.now()
    users = insert_rows(User, [_user(a, password, now) for a in DEMO_ACCOUNTS])
    audit_created(users, "accounts.user.created", data=lambda u: {"kind": u.kind})
    for account, user in zip(DEMO_ACCOUNTS, users, strict=True):
        area = demo.area_named(account.scope)
        actions.role_grant_create(
            user=user, role=account.role, area=area, actor=None, check_permission=False
        )
        demo.users[account.username] = user
        if account.role == Role.COMMUNITY_ADMIN:
            demo.community_admins[area.code] = user
    # One request waiting for its second person, so the security admin's queue shows the workflow:
    # the system admin asks that 奉中's grid worker also administer the community.
    actions.role_grant_create(
        user=demo.users["jp_fengzhong_grid"],
        role=Role.COMMUNITY_ADMIN,
        area=demo.area_named("奉中社区"),
        actor=demo.users["system_admin"],
    )


def account_rows() -> list[dict[str, str]]:
    """Every user's grants, read back from the database; demo accounts first, in list order."""
    order = {a.username: i for i, a in enumerate(DEMO_ACCOUNTS)}
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
