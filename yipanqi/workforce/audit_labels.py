"""How the audit page names the workforce app's actions and rows (core.audit_labels). Workers,
pay lines and appraisals are named after a person: their names are shown masked (张*丰)."""

from django.utils.translation import pgettext_lazy

ACTIONS = {
    "workforce.worker.appointed": pgettext_lazy("audit", "Community worker appointed"),
    "workforce.worker.transferred": pgettext_lazy("audit", "Community worker transferred"),
    "workforce.worker.grade_set": pgettext_lazy("audit", "Community worker's grade set by hand"),
    "workforce.worker.exited": pgettext_lazy("audit", "Community worker left"),
    "workforce.worker.moved": pgettext_lazy("audit", "Community worker moved to a public post"),
    "workforce.worker.reviewed": pgettext_lazy("audit", "Community worker's review done"),
    "workforce.move.recorded": pgettext_lazy("audit", "Career move recorded"),
    "workforce.appraisal.recorded": pgettext_lazy("audit", "Yearly appraisal recorded"),
    "workforce.pay_table.created": pgettext_lazy("audit", "Pay table set"),
    "workforce.pay_table.changed": pgettext_lazy("audit", "Pay table revised"),
    "workforce.run.computed": pgettext_lazy("audit", "Pay run computed"),
    "workforce.run.approved": pgettext_lazy("audit", "Pay run approved"),
    "workforce.run.superseded": pgettext_lazy("audit", "Pay run superseded by a correction"),
    "workforce.run.exported": pgettext_lazy("audit", "Pay lines exported"),
    "workforce.course.created": pgettext_lazy("audit", "Training course set up"),
    "workforce.course.enrolled": pgettext_lazy("audit", "Workers enrolled on a course"),
    "workforce.enrolment.signed_in": pgettext_lazy("audit", "Signed in to a course"),
    "workforce.training.reminded": pgettext_lazy("audit", "Training reminder sent"),
}
MASKED = {"workforce.worker"}
PARTS = {
    "workforce.payline": "worker",
    "workforce.appraisal": "worker",
    "workforce.enrolment": "worker",
    "workforce.careermove": "worker",
}
DATA = {"lines": pgettext_lazy("audit", "lines")}
SYSTEM = {"workforce.training_reminder": pgettext_lazy("audit", "training reminder")}
