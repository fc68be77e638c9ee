from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    DISTRICT = "district", _("District")  # 区
    TOWN = "town", _("Town / street")  # 镇(街道)
    COMMUNITY = "community", _("Community / village")  # 社区 / 村
    GRID = "grid", _("Grid")  # 网格


AREA_PARENT_KIND: dict[str, str | None] = {
    AreaKind.DISTRICT: None,
    AreaKind.TOWN: AreaKind.DISTRICT,
    AreaKind.COMMUNITY: AreaKind.TOWN,
    AreaKind.GRID: AreaKind.COMMUNITY,
}


class PartyOrganisationKind(models.TextChoices):
    DISTRICT_COMMITTEE = "district_committee", _("District committee")  # 区委
    TOWN_COMMITTEE = "town_committee", _("Town / street (working) committee")  # 镇(街)党(工)委
    COMMUNITY_COMMITTEE = "community_committee", _("Community committee")  # 社区党委
    GENERAL_BRANCH = "general_branch", _("General branch")  # 党总支
    BRANCH = "branch", _("Branch")  # 党支部
    GROUP = "group", _("Party group")  # 党小组


PARTY_CHILD_KINDS: dict[str, set[str]] = {
    PartyOrganisationKind.DISTRICT_COMMITTEE: {PartyOrganisationKind.TOWN_COMMITTEE},
    PartyOrganisationKind.TOWN_COMMITTEE: {
        PartyOrganisationKind.COMMUNITY_COMMITTEE,
        PartyOrganisationKind.GENERAL_BRANCH,
        PartyOrganisationKind.BRANCH,
    },
    PartyOrganisationKind.COMMUNITY_COMMITTEE: {
        PartyOrganisationKind.GENERAL_BRANCH,
        PartyOrganisationKind.BRANCH,
    },
    PartyOrganisationKind.GENERAL_BRANCH: {PartyOrganisationKind.BRANCH},
    PartyOrganisationKind.BRANCH: {PartyOrganisationKind.GROUP},
    PartyOrganisationKind.GROUP: set(),
}


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("Government organ")  # 机关
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")  # 事业单位
    STATE_ENTERPRISE = "state_enterprise", _("State-owned enterprise")  # 国有企业
    NON_PUBLIC_ENTERPRISE = "non_public_enterprise", _("Non-public enterprise")  # 非公企业
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")  # 社会组织
    PROPERTY_COMPANY = "property_company", _("Property management company")  # 物业公司
    OTHER = "other", _("Other resident unit")  # 其他驻区单位


TWO_NEW_KINDS = {UnitKind.NON_PUBLIC_ENTERPRISE, UnitKind.SOCIAL_ORGANISATION}  # 两新组织


class BodyKind(models.TextChoices):
    BIG_COMMITTEE = "big_committee", _("Big party committee")  # 大党委 / 大党工委
    COMMUNITY_PARTY = "community_party", _("Community party organisation")  # 社区党组织 (一委)
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")  # 居委会
    COUNCIL = "council", _("Community council")  # 议事会
    SUPERVISORY = "supervisory", _("Supervisory committee")  # 监事会
    LEADING_GROUP = "leading_group", _("Party-building leading group")  # 党建领导小组
    JOINT_MEETING = "joint_meeting", _("Joint meeting")  # 联席会议
    CO_BUILDING_COUNCIL = "co_building_council", _("Regional co-building council")  # 区域共建理事会
    DELIBERATION_HALL = "deliberation_hall", _("Four-party deliberation hall")  # 四方议事厅


FOUR_BODIES = (
    BodyKind.COMMUNITY_PARTY,
    BodyKind.RESIDENTS_COMMITTEE,
    BodyKind.COUNCIL,
    BodyKind.SUPERVISORY,
)  # 一委三会


class MemberRole(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")  # 书记
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")  # 副书记
    CHAIR = "chair", _("Chair")  # 主任 / 组长 / 召集人
    DEPUTY_CHAIR = "deputy_chair", _("Deputy chair")  # 副主任
    MEMBER = "member", _("Member")  # 委员 / 成员
    PART_TIME_MEMBER = "part_time_member", _("Part-time member")  # 兼职委员


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")  # 区级管理员
    TOWN_ADMIN = "town_admin", _("Town / street administrator")  # 镇街管理员
    COMMUNITY_ADMIN = "community_admin", _("Community administrator")  # 社区书记 / 社工
    GRID_WORKER = "grid_worker", _("Grid worker")  # 网格长 / 网格员
    PARTY_MEMBER = "party_member", _("Party member")  # 党员
    RESIDENT = "resident", _("Resident")  # 居民
    UNIT_LIAISON = "unit_liaison", _("Unit liaison")  # 驻区单位联络员
    SOCIAL_ORG_STAFF = "social_org_staff", _("Social organisation staff")  # 社会组织工作人员
    FIVE_ROLE_OFFICER = "five_role_officer", _("Five-role officer")  # 五大员
    AUDITOR = "auditor", _("Auditor")  # 审计人员
    SYSTEM_ADMIN = "system_admin", _("System administrator")  # 系统管理员
    SECURITY_ADMIN = "security_admin", _("Security administrator")  # 安全管理员
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")  # 审计管理员


# 三员分立: no one may hold two of these (MLPS level 3, R-ID-10).
SEPARATED_ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# The area levels at which a role may be granted.
ROLE_AREA_KINDS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {AreaKind.DISTRICT},
    Role.TOWN_ADMIN: {AreaKind.TOWN},
    Role.COMMUNITY_ADMIN: {AreaKind.COMMUNITY},
    Role.GRID_WORKER: {AreaKind.GRID, AreaKind.COMMUNITY},
    Role.PARTY_MEMBER: {AreaKind.GRID, AreaKind.COMMUNITY},
    Role.RESIDENT: {AreaKind.GRID, AreaKind.COMMUNITY},
    Role.UNIT_LIAISON: {AreaKind.TOWN, AreaKind.COMMUNITY},
    Role.SOCIAL_ORG_STAFF: {AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.COMMUNITY},
    Role.FIVE_ROLE_OFFICER: {AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.COMMUNITY},
    Role.AUDITOR: {AreaKind.DISTRICT, AreaKind.TOWN},
    Role.SYSTEM_ADMIN: {AreaKind.DISTRICT},
    Role.SECURITY_ADMIN: {AreaKind.DISTRICT},
    Role.AUDIT_ADMIN: {AreaKind.DISTRICT},
}

ADMIN_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.COMMUNITY_ADMIN})
ALL_ROLES = frozenset(Role)
# Who may read the organisation structure in their subtree: everyone but security/audit admins.
STRUCTURE_VIEW_ROLES = ALL_ROLES - {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
STRUCTURE_CHANGE_ROLES = ADMIN_ROLES
GRANT_VIEW_ROLES = ADMIN_ROLES | {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}
GRANT_CHANGE_ROLES = frozenset({Role.SYSTEM_ADMIN})
# Roles whose grant also reaches platform-level rows (scope_path ""), such as failed logins.
PLATFORM_ROLES = frozenset({Role.AUDIT_ADMIN, Role.SECURITY_ADMIN})
# Roles that reach residents' personal data (the people app's view, change, unmask and search
# policies; a test holds that this set covers them). Granting one takes two people: the system
# admin requests it, a security admin covering the area approves it (双人审批).
PERSONAL_DATA_ROLES = frozenset(
    {Role.DISTRICT_ADMIN, Role.TOWN_ADMIN, Role.COMMUNITY_ADMIN, Role.GRID_WORKER}
)
GRANT_APPROVE_ROLES = frozenset({Role.SECURITY_ADMIN})

# What later apps do with these rows, declared here beside the roles so that each is one
# `for_user(user, action)` filter (the apps import these sets rather than repeat them).
# "place": the grids where one may place a service order (群众点单): residents and members in their
# own area, grid workers and community admins on a resident's behalf.
ORDER_PLACE_ROLES = frozenset(
    {Role.RESIDENT, Role.PARTY_MEMBER, Role.GRID_WORKER, Role.COMMUNITY_ADMIN}
)
# "deliberate": the staff who run the deliberating bodies (议事协商) of their subtree.
DELIBERATION_STAFF_ROLES = ADMIN_ROLES | {Role.GRID_WORKER}
# "raise": who may raise a topic with a body of their own area, of an area above it, or below it.
TOPIC_RAISE_ROLES = ADMIN_ROLES | {Role.RESIDENT, Role.PARTY_MEMBER, Role.GRID_WORKER}


class GrantStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")  # 待审批
    ACTIVE = "active", _("Active")  # 已生效


class EscalationLevel(models.IntegerChoices):
    """How far overdue work has climbed the area tree (超时督办: 网格 → 社区 → 镇街 → 区)."""

    GRID = 0, _("Grid")  # 网格
    COMMUNITY = 1, _("Community")  # 社区
    TOWN = 2, _("Town / street")  # 镇街
    DISTRICT = 3, _("District")  # 区
