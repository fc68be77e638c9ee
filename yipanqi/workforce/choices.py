"""Community workers (社区专职工作者): the three posts of 三岗十八级, education and qualification levels,
appraisal grades, the states of a worker and of a yearly pay run, training and career-move kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Post(models.TextChoices):
    HEAD = "head", _("Head")  # 社区正职 (书记、主任)
    DEPUTY = "deputy", _("Deputy")  # 社区副职
    OTHER = "other", _("Other staff")  # 其他社区工作者


class Education(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school")  # 高中/中专
    COLLEGE = "college", _("College")  # 大专
    BACHELOR = "bachelor", _("Bachelor")  # 学士
    MASTER = "master", _("Master")  # 硕士
    DOCTOR = "doctor", _("Doctor")  # 博士


class Qualification(models.TextChoices):
    """社会工作者职业水平: the levels a worker may hold, lowest first."""

    NONE = "none", _("None")
    ASSISTANT = "assistant", _("Assistant social worker")  # 助理社会工作师 (初级)
    INTERMEDIATE = "intermediate", _("Social worker")  # 社会工作师 (中级)
    SENIOR = "senior", _("Senior social worker")  # 高级社会工作师


QUALIFICATION_ORDER = [q.value for q in Qualification]


class AppraisalResult(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    QUALIFIED = "qualified", _("Qualified")  # 合格
    BASIC = "basic", _("Basically qualified")  # 基本合格
    UNQUALIFIED = "unqualified", _("Unqualified")  # 不合格


class WorkerStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("workforce", "In post")  # 在岗
    EXITED = "exited", _("Left")  # 离职
    MOVED = "moved", _("Moved to a public post")  # 进入公务员/事业编制


WORKER_TRANSITIONS: dict[str, set[str]] = {
    WorkerStatus.ACTIVE: {WorkerStatus.EXITED, WorkerStatus.MOVED},
    WorkerStatus.EXITED: set(),
    WorkerStatus.MOVED: set(),
}
WORKER_TRANSITION_NOT_ALLOWED = _("A worker cannot go from “%(old)s” to “%(new)s”.")


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿 (待审核)
    APPROVED = "approved", pgettext_lazy("workforce", "Approved")  # 已审定
    SUPERSEDED = "superseded", _("Superseded by a correction")  # 已被更正


RUN_TRANSITIONS: dict[str, set[str]] = {
    RunStatus.DRAFT: {RunStatus.APPROVED},
    RunStatus.APPROVED: {RunStatus.SUPERSEDED},
    RunStatus.SUPERSEDED: set(),
}
RUN_TRANSITION_NOT_ALLOWED = _("A pay run cannot go from “%(old)s” to “%(new)s”.")


class AppointmentEnd(models.TextChoices):
    TRANSFER = "transfer", _("Transferred")  # 调动
    EXIT = "exit", _("Left")  # 离职
    MOVED = "moved", _("Moved to a public post")  # 进编


class CourseLevel(models.TextChoices):
    DISTRICT = "district", _("District key training")  # 区级重点培训
    TOWN = "town", _("Town / street training")  # 镇街全员培训


class SignInMethod(models.TextChoices):
    QR = "qr", _("Phone (QR code)")  # 扫码签到
    LIST = "list", _("Attendance list")  # 名单签到


class MoveKind(models.TextChoices):
    CIVIL_SERVICE = "civil_service", _("Civil service")  # 公务员
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")  # 事业单位
