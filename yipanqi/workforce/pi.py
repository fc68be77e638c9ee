"""Processing register (core.processing): community workers' employment records (人事管理)."""

from django.utils.translation import gettext_lazy as _

from yipanqi.core.processing import NOT_PERSONAL, ORDINARY, Activity, declare

declare(
    (
        Activity(
            "community_workforce",
            _(
                "Community workers' posts, grades, pay, appraisals, training and career moves, "
                "to employ and pay them under the 三岗十八级 system"
            ),
            "human_resources",
            _("While the worker is employed, then as the archives rules require"),
            ("district_admin", "town_admin", "community_admin"),
        ),
    ),
    {
        "workforce.Worker.*": (ORDINARY, "community_workforce"),
        "workforce.Appointment.*": (ORDINARY, "community_workforce"),
        "workforce.Appraisal.*": (ORDINARY, "community_workforce"),
        "workforce.PayLine.*": (ORDINARY, "community_workforce"),
        "workforce.Enrolment.*": (ORDINARY, "community_workforce"),
        "workforce.CareerMove.*": (ORDINARY, "community_workforce"),
        "workforce.PayRun.reason": (NOT_PERSONAL, "why a whole run was corrected"),
        "workforce.Course.title": (NOT_PERSONAL, "a course's title"),
    },
)
