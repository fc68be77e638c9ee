"""Levels of the "1+12+X" centre network and the states of a 5A assessment round (党群服务中心五星/5A评定)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CentreLevel(models.TextChoices):
    DISTRICT = "district", _("District centre")  # 区级党群服务中心 ("1", the brain)
    TOWN = "town", _("Town / street centre")  # 镇街党群服务中心 ("12", the limbs)
    GRASSROOTS = "grassroots", _("Grassroots centre")  # 村社党群服务中心/站点 ("X", nerve endings)


# The level a centre's parent must have (a district centre has none).
CENTRE_PARENT_LEVEL: dict[str, str | None] = {
    CentreLevel.DISTRICT: None,
    CentreLevel.TOWN: CentreLevel.DISTRICT,
    CentreLevel.GRASSROOTS: CentreLevel.TOWN,
}


class ScoreLevel(models.TextChoices):
    """Who gave a score: the centre itself, the street's review, the district's review."""

    SELF = "self", _("Self-assessment")  # 自评
    STREET = "street", _("Street review")  # 街道(镇)审核
    DISTRICT = "district", _("District review")  # 区级复核


# Later levels override earlier ones: the score that counts is the latest of the highest level.
SCORE_LEVEL_RANK = {ScoreLevel.SELF: 0, ScoreLevel.STREET: 1, ScoreLevel.DISTRICT: 2}


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("centres", "Open")  # 评定中
    PUBLISHED = "published", _("Published")  # 已公布 (appeals may come in)
    CLOSED = "closed", pgettext_lazy("centres", "Closed")  # 已结束


ROUND_TRANSITIONS: dict[str, set[str]] = {
    RoundStatus.OPEN: {RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}
ROUND_TRANSITION_NOT_ALLOWED = _("A rating round cannot go from “%(old)s” to “%(new)s”.")


class AssessmentStatus(models.TextChoices):
    SELF = "self", _("Self-assessing")  # 自评中
    SUBMITTED = "submitted", _("Waiting for street review")  # 已提交, 待街道审核
    STREET_REVIEWED = "street_reviewed", _("Waiting for district review")  # 待区级复核
    DISTRICT_REVIEWED = "district_reviewed", _("Reviewed, to publish")  # 待公布
    PUBLISHED = "published", _("Graded")  # 已公布等级
    APPEALED = "appealed", _("Under appeal")  # 申诉中


ASSESSMENT_TRANSITIONS: dict[str, set[str]] = {
    AssessmentStatus.SELF: {AssessmentStatus.SUBMITTED},
    AssessmentStatus.SUBMITTED: {AssessmentStatus.STREET_REVIEWED},
    AssessmentStatus.STREET_REVIEWED: {AssessmentStatus.DISTRICT_REVIEWED},
    AssessmentStatus.DISTRICT_REVIEWED: {AssessmentStatus.PUBLISHED},
    AssessmentStatus.PUBLISHED: {AssessmentStatus.APPEALED},
    AssessmentStatus.APPEALED: {AssessmentStatus.PUBLISHED},
}
ASSESSMENT_TRANSITION_NOT_ALLOWED = _("An assessment cannot go from “%(old)s” to “%(new)s”.")

# The score level each step writes, and the status in which a centre's scores may be entered.
STEP_LEVEL = {
    AssessmentStatus.SELF: ScoreLevel.SELF,
    AssessmentStatus.SUBMITTED: ScoreLevel.STREET,
    AssessmentStatus.STREET_REVIEWED: ScoreLevel.DISTRICT,
    AssessmentStatus.APPEALED: ScoreLevel.DISTRICT,
}


class AssessmentEventKind(models.TextChoices):
    OPENED = "opened", _("Round opened")
    SUBMITTED = "submitted", _("Self-assessment submitted")
    STREET_REVIEWED = "street_reviewed", _("Street review done")
    DISTRICT_REVIEWED = "district_reviewed", _("District review done")
    PUBLISHED = "published", _("Grade published")
    APPEALED = "appealed", _("Appeal lodged")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal upheld")
    APPEAL_REJECTED = "appeal_rejected", _("Appeal rejected")
