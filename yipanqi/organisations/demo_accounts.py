"""The demo personas: at least one account per role, and two of each community-level role in
different communities (锦屏街道 奉中社区 and 岳林街道 民主社区), each granted its role at its area.
The accounts come from the accounts' demo (`accounts.demo`), the grants through the action.
"""

from dataclasses import dataclass

from yipanqi.accounts.demo import build_users, demo_password
from yipanqi.accounts.models import AccountKind
from yipanqi.core.actors import system
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations import actions
from yipanqi.organisations.choices import Role

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


def build_accounts(demo: Demo) -> None:
    """The personas' accounts through the accounts' bulk action, their grants through the action."""
    users = build_users([(a.username, a.kind) for a in DEMO_ACCOUNTS], actor=system("demo"))
    for account, user in zip(DEMO_ACCOUNTS, users, strict=True):
        area = demo.area_named(account.scope)
        actions.role_grant_create(user=user, role=account.role, area=area, actor=system("demo"))
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
