from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "male", _("Male")  # 男
    FEMALE = "female", _("Female")  # 女


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("CPC member")  # 中共党员
    PROBATIONARY = "probationary", _("Probationary CPC member")  # 中共预备党员
    LEAGUE_MEMBER = "league_member", _("Communist Youth League member")  # 共青团员
    OTHER_PARTY = "other_party", _("Member of another party")  # 民主党派
    MASSES = "masses", _("Ordinary citizen")  # 群众


class MembershipKind(models.TextChoices):
    FULL = "full", _("Full member")  # 正式党员
    PROBATIONARY = "probationary", _("Probationary member")  # 预备党员


class MemberStatus(models.TextChoices):
    NORMAL = "normal", _("Normal")  # 正常
    LOST_CONTACT = "lost_contact", _("Lost contact")  # 失联 (6 个月以上)
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")  # 已转出


class RegistrationKind(models.TextChoices):
    MEMBER = "member", _("In-service party member")  # 在职党员报到
    UNIT = "unit", _("Unit")  # 单位报到


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")  # 已报到
    CONFIRMED = "confirmed", _("Confirmed")  # 社区已确认
    ASSIGNED = "assigned", _("Assigned to a grid")  # 已编入网格
    DECLINED = "declined", _("Declined")  # 未通过
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 已撤回


REGISTRATION_TRANSITIONS: dict[str, set[str]] = {
    RegistrationStatus.SUBMITTED: {
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.DECLINED,
        RegistrationStatus.WITHDRAWN,
    },
    RegistrationStatus.CONFIRMED: {RegistrationStatus.ASSIGNED, RegistrationStatus.WITHDRAWN},
    RegistrationStatus.ASSIGNED: {RegistrationStatus.ASSIGNED, RegistrationStatus.WITHDRAWN},
    RegistrationStatus.DECLINED: set(),
    RegistrationStatus.WITHDRAWN: set(),
}
REGISTRATION_TRANSITION_NOT_ALLOWED = _("A registration cannot go from %(old)s to %(new)s.")
ACTIVE_REGISTRATION = (
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ASSIGNED,
)


class ParticipationKind(models.TextChoices):
    EPIDEMIC = "epidemic", _("Epidemic prevention and control")  # 疫情防控
    VOLUNTEER = "volunteer", _("Community volunteer service")  # 社区志愿服务
    WASTE_SORTING = "waste_sorting", _("Waste-sorting supervision")  # 垃圾分类桶边督导
    SERVICE_ORDER = "service_order", _("Service order")  # 三单制服务
    OTHER = "other", _("Other activity")  # 其他


class SensitiveField(models.TextChoices):
    ID_NUMBER = "id_number", _("ID number")  # 公民身份号码
    PHONE = "phone", _("Phone")  # 联系电话


DEFAULT_HOUSEHOLD_TAGS = (
    ("elderly_alone", "独居老人"),
    ("empty_nest", "空巢老人"),
    ("disabled", "残疾人"),
    ("low_income", "低保户"),
    ("rented", "租住户"),
    ("veteran", "退役军人"),
    ("special_care", "重点关爱"),
)


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")  # 已上传
    VALIDATING = "validating", _("Checking rows")  # 校验中
    INVALID = "invalid", _("Has errors")  # 有错误
    VALID = "valid", _("Ready to import")  # 待导入
    COMMITTING = "committing", _("Importing")  # 导入中
    COMMITTED = "committed", _("Imported")  # 已导入
    FAILED = "failed", _("Failed")  # 失败
